package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.INVALID_STATE;
import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.OWNERSHIP_CONFLICT;
import static io.jumpingvpn.store.StoreRejectCode.STALE_VERSION;
import static io.jumpingvpn.store.TerminateCommit.Authority.OPERATOR;
import static io.jumpingvpn.store.TerminateCommit.Authority.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Owner transitions over a live transport, and termination: one version each, only by the owner, TERMINATED final. */
public abstract class TransitionTerminateContract extends ContractSupport {

    @Test
    void aTransitionByTheOwnerChangesOnlyTheStateAndAdvancesTheVersionByOne() {
        var a = node("a");
        var session = createSession(a);

        var after = committed(await(store.transition(transitionOf(session, SessionState.VOLATILE))));

        assertThat(after.state()).isEqualTo(SessionState.VOLATILE);
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.baseVersion()).isEqualTo(1);
        assertThat(after.lastCommit()).isEqualTo(CommitKind.TRANSITION);
        assertThat(after.owner()).isEqualTo(session.owner());
        assertThat(after.binding()).isEqualTo(session.binding());
        assertThat(after.lastNonce()).isEqualTo(session.lastNonce());
        assertThat(after.expiresAtMs()).isEqualTo(session.expiresAtMs());
        assertThat(stored(session.id())).isEqualTo(after);
    }

    @Test
    void everyTransitionAdvancesTheVersionByOne() {
        var a = node("a");
        var current = createSession(a);

        for (var to :
                List.of(SessionState.VOLATILE, SessionState.DEGRADED, SessionState.ATTACHED, SessionState.RECOVERING)) {
            var next = committed(await(store.transition(transitionOf(current, to))));
            assertThat(next.version()).as("to " + to).isEqualTo(current.version() + 1);
            assertThat(next.state()).isEqualTo(to);
            current = next;
        }
    }

    @Test
    void aTransitionByAnotherLiveNodeIsOwnershipConflictEvenAtTheRightVersion() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);

        var byOther =
                new TransitionCommit(session.id(), 1, SessionState.ATTACHED, SessionState.VOLATILE, b, newRequest());
        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.transition(byOther));

        // Ownership is checked before the version.
        var byOtherStale =
                new TransitionCommit(session.id(), 9, SessionState.ATTACHED, SessionState.VOLATILE, b, newRequest());
        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.transition(byOtherStale));
    }

    @Test
    void theOwnerMeansTheOwnerAtItsEpoch() {
        var oldEpoch = node("a");
        var session = createSession(oldEpoch);
        var newEpoch = node("a");

        var fromNewEpoch = new TransitionCommit(
                session.id(), 1, SessionState.ATTACHED, SessionState.VOLATILE, newEpoch, newRequest());
        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.transition(fromNewEpoch));
        refusedUnchanged(
                session.id(), LEASE_EXPIRED, () -> store.transition(transitionOf(session, SessionState.VOLATILE)));
    }

    @Test
    void transitionsCompareOnVersion() {
        var a = node("a");
        var v1 = createSession(a);
        var raced = transitionOf(v1, SessionState.VOLATILE);
        var v2 = committed(await(store.transition(transitionOf(v1, SessionState.RECOVERING))));
        committed(await(store.transition(transitionOf(v2, SessionState.ATTACHED))));

        refusedUnchanged(v1.id(), STALE_VERSION, () -> store.transition(raced));
        var racedAtTwo = transitionOf(v2, SessionState.VOLATILE);
        refusedUnchanged(v1.id(), OWNERSHIP_CONFLICT, () -> store.transition(racedAtTwo));
    }

    @Test
    void aTransitionFromAStateTheSessionIsNotInIsInvalidStateAfterTheVersionCheck() {
        var a = node("a");
        var session = createSession(a);

        var wrongFrom =
                new TransitionCommit(session.id(), 1, SessionState.DEGRADED, SessionState.ATTACHED, a, newRequest());
        refusedUnchanged(session.id(), INVALID_STATE, () -> store.transition(wrongFrom));

        var wrongFromAndStale =
                new TransitionCommit(session.id(), 4, SessionState.DEGRADED, SessionState.ATTACHED, a, newRequest());
        refusedUnchanged(session.id(), STALE_VERSION, () -> store.transition(wrongFromAndStale));
    }

    @Test
    void terminationByTheOwnerIsFinalAndKeepsTheRecordAsATombstone() {
        var a = node("a");
        var session = createSession(a);
        var request = new TerminateCommit(session.id(), 1, a, "TRANSPORT_LOSS_TTL", OWNER, newRequest());

        var tombstone = committed(await(store.terminate(request)));

        assertThat(tombstone.state()).isEqualTo(SessionState.TERMINATED);
        assertThat(tombstone.terminationReason()).hasValue("TRANSPORT_LOSS_TTL");
        assertThat(tombstone.version()).isEqualTo(2);
        assertThat(tombstone.baseVersion()).isEqualTo(1);
        assertThat(tombstone.lastCommit()).isEqualTo(CommitKind.TERMINATE);
        assertThat(tombstone.owner()).isEqualTo(a);
        assertThat(tombstone.binding()).isEqualTo(session.binding());
        assertThat(stored(session.id())).isEqualTo(tombstone);
    }

    @Test
    void nothingLeavesTerminated() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var tombstone = committed(await(store.terminate(terminateOf(session, a, OWNER))));
        var id = session.id();

        refusedUnchanged(id, INVALID_STATE, () -> store.reattach(reattachOf(tombstone, b)));
        var revive = new TransitionCommit(id, 2, SessionState.ATTACHED, SessionState.VOLATILE, a, newRequest());
        refusedUnchanged(id, INVALID_STATE, () -> store.transition(revive));
        refusedUnchanged(id, INVALID_STATE, () -> store.transfer(transferOf(tombstone, a, b)));
        refusedUnchanged(id, INVALID_STATE, () -> store.terminate(terminateOf(tombstone, a, OWNER)));
        refusedUnchanged(id, INVALID_STATE, () -> store.terminate(terminateOf(tombstone, b, OPERATOR)));
        // TERMINATED is checked before the version.
        refusedUnchanged(id, INVALID_STATE, () -> store.terminate(terminateOf(session, a, OPERATOR)));
    }

    @Test
    void ownerTerminationByAnotherNodeIsOwnershipConflict() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);

        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.terminate(terminateOf(session, b, OWNER)));
        var stale = new TerminateCommit(session.id(), 5, b, "GONE", OWNER, newRequest());
        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.terminate(stale));
    }

    @Test
    void operatorTerminationByAnyLiveNodeCommits() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);

        var tombstone = committed(await(store.terminate(terminateOf(session, b, OPERATOR))));

        assertThat(tombstone.state()).isEqualTo(SessionState.TERMINATED);
        assertThat(tombstone.owner()).isEqualTo(a);
    }

    @Test
    void terminationComparesOnVersion() {
        var a = node("a");
        var b = node("b");
        var v1 = createSession(a);
        var v3 = committed(await(store.reattach(reattachOf(v1, b))));
        committed(await(store.transition(transitionOf(v3, SessionState.VOLATILE))));

        refusedUnchanged(v1.id(), STALE_VERSION, () -> store.terminate(terminateOf(v1, a, OPERATOR)));
        refusedUnchanged(v1.id(), OWNERSHIP_CONFLICT, () -> store.terminate(terminateOf(v3, b, OWNER)));
        var ahead = new TerminateCommit(v1.id(), 9, b, "GONE", OWNER, newRequest());
        refusedUnchanged(v1.id(), STALE_VERSION, () -> store.terminate(ahead));
    }
}
