package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.RECORD_CORRUPT;
import static io.jumpingvpn.store.StoreRejectCode.REPLAY_DETECTED;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_NOT_FOUND;
import static io.jumpingvpn.store.TerminateCommit.Authority.OPERATOR;
import static io.jumpingvpn.store.TerminateCommit.Authority.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks every commit shares, in their order: no record, a corrupt record, the committer's lease, the request id's
 * recorded outcome.
 */
public abstract class SharedChecksContract extends ContractSupport {

    @Test
    void everyOperationOnAnUnknownSessionIsSessionNotFound() {
        var a = node("a");
        var b = node("b");
        var id = store.newSessionId();

        var refusals = List.of(
                await(store.reattach(new ReattachCommit(id, 1, 1, newRequest(), a, newBinding()))),
                await(store.transition(
                        new TransitionCommit(id, 1, SessionState.ATTACHED, SessionState.VOLATILE, a, newRequest()))),
                await(store.terminate(new TerminateCommit(id, 1, a, "GONE", OPERATOR, newRequest()))),
                await(store.transfer(new TransferCommit(id, 1, a, b, newRequest()))),
                await(store.reconcile(id, newRequest(), a)));

        for (var refusal : refusals) {
            assertThat(rejected(refusal, SESSION_NOT_FOUND).currentVersion()).isEmpty();
        }
        assertAbsent(id);
    }

    @Test
    void anUnknownSessionIsReportedBeforeTheCommittersLease() {
        var gone = node("gone");
        lapse(gone);

        var refusal =
                await(store.reattach(new ReattachCommit(store.newSessionId(), 1, 1, newRequest(), gone, newBinding())));

        rejected(refusal, SESSION_NOT_FOUND);
    }

    @Test
    void aCorruptRecordIsRefusedByEveryOperation() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        assumeTrue(fixture().corruptRecord(store, session.id()), "this store cannot hold a corrupt record");

        rejected(await(store.reattach(reattachOf(session, b))), RECORD_CORRUPT);
        rejected(await(store.transition(transitionOf(session, SessionState.VOLATILE))), RECORD_CORRUPT);
        rejected(await(store.terminate(terminateOf(session, a, OWNER))), RECORD_CORRUPT);
        rejected(await(store.transfer(transferOf(session, a, b))), RECORD_CORRUPT);
        rejected(await(store.reconcile(session.id(), newRequest(), a)), RECORD_CORRUPT);
        assertThat(await(store.read(session.id()))).isInstanceOf(ReadResult.Corrupt.class);
    }

    @Test
    void aNodeWhoseLeaseLapsedCannotCommitAnything() {
        var owner = node("owner");
        var other = node("other");
        var session = createSession(owner);
        lapse(owner);

        assertNothingCommitsFrom(owner, session, other);
    }

    @Test
    void aNodeThatReleasedItsLeaseCannotCommitAnything() {
        var owner = node("owner");
        var other = node("other");
        var session = createSession(owner);
        committed(await(store.releaseNode(owner)));

        assertNothingCommitsFrom(owner, session, other);
    }

    @Test
    void aNodeWhoseEpochWasSupersededCannotCommitAnything() {
        var owner = node("owner");
        var other = node("other");
        var session = createSession(owner);
        var reborn = node("owner");
        assertThat(reborn.epoch()).isGreaterThan(owner.epoch());

        assertNothingCommitsFrom(owner, session, other);
    }

    @Test
    void aNodeThatNeverRegisteredCannotCommitAnything() {
        var owner = node("owner");
        var session = createSession(owner);
        var stranger = new NodeRef(new NodeId("stranger"), 1);

        refusedUnchanged(session.id(), LEASE_EXPIRED, () -> store.reattach(reattachOf(session, stranger)));
        refusedUnchanged(session.id(), LEASE_EXPIRED, () -> store.terminate(terminateOf(session, stranger, OPERATOR)));
        refusedUnchanged(session.id(), LEASE_EXPIRED, () -> store.transfer(transferOf(session, stranger, stranger)));
    }

    @Test
    void theLeaseIsCheckedBeforeTheRequestId() {
        var owner = node("owner");
        var mover = node("mover");
        var session = createSession(owner);
        var request = reattachOf(session, mover);
        committed(await(store.reattach(request)));
        lapse(mover);

        refusedUnchanged(session.id(), LEASE_EXPIRED, () -> store.reattach(request));
    }

    @Test
    void aRepeatedRequestFromTheCommittingNodeReturnsTheSuccessAgainAndChangesNothing() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var session = createSession(a);

        var reattach = reattachOf(session, b);
        var afterReattach = committed(await(store.reattach(reattach)));
        assertRetriedUnchanged(afterReattach, retried(await(store.reattach(reattach))));

        var transition = transitionOf(afterReattach, SessionState.VOLATILE);
        var afterTransition = committed(await(store.transition(transition)));
        assertRetriedUnchanged(afterTransition, retried(await(store.transition(transition))));

        var transfer = transferOf(afterTransition, b, c);
        var afterTransfer = committed(await(store.transfer(transfer)));
        assertRetriedUnchanged(afterTransfer, retried(await(store.transfer(transfer))));

        var terminate = terminateOf(afterTransfer, c, OWNER);
        var afterTerminate = committed(await(store.terminate(terminate)));
        assertRetriedUnchanged(afterTerminate, retried(await(store.terminate(terminate))));
    }

    @Test
    void aRetryAfterLaterCommitsReturnsSuccessWithTheRecordAsItIsNow() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var reattach = reattachOf(session, b);
        var afterReattach = committed(await(store.reattach(reattach)));
        var latest = committed(await(store.transition(transitionOf(afterReattach, SessionState.VOLATILE))));

        var again = retried(await(store.reattach(reattach)));

        assertThat(again).isEqualTo(latest).isEqualTo(stored(session.id()));
        assertThat(again.version()).isEqualTo(4);
    }

    @Test
    void theSameRequestIdFromAnotherNodeIsReplayDetected() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var session = createSession(a);
        var original = reattachOf(session, b);
        var after = committed(await(store.reattach(original)));

        var copy = new ReattachCommit(
                session.id(), after.version(), nextNonce(), original.request(), c, original.binding());
        refusedUnchanged(session.id(), REPLAY_DETECTED, () -> store.reattach(copy));

        var sameNameNewEpoch = node("b");
        var fromNewEpoch = new ReattachCommit(
                session.id(), after.version(), nextNonce(), original.request(), sameNameNewEpoch, newBinding());
        refusedUnchanged(session.id(), REPLAY_DETECTED, () -> store.reattach(fromNewEpoch));

        var asTermination = new TerminateCommit(session.id(), after.version(), c, "GONE", OPERATOR, original.request());
        refusedUnchanged(session.id(), REPLAY_DETECTED, () -> store.terminate(asTermination));
    }

    @Test
    void theRequestIdIsCheckedBeforeTheStateAndTheVersion() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var terminate = terminateOf(session, a, OWNER);
        committed(await(store.terminate(terminate)));

        // Same request id from another node, at a stale version, on a terminated session: the replay is what counts.
        var replay = new ReattachCommit(session.id(), 1, nextNonce(), terminate.request(), b, newBinding());
        refusedUnchanged(session.id(), REPLAY_DETECTED, () -> store.reattach(replay));
    }

    private void assertNothingCommitsFrom(NodeRef dead, SessionRecord session, NodeRef live) {
        var id = session.id();
        refusedUnchanged(id, LEASE_EXPIRED, () -> store.reattach(reattachOf(session, dead)));
        var transition =
                new TransitionCommit(id, session.version(), session.state(), SessionState.VOLATILE, dead, newRequest());
        refusedUnchanged(id, LEASE_EXPIRED, () -> store.transition(transition));
        refusedUnchanged(id, LEASE_EXPIRED, () -> store.terminate(terminateOf(session, dead, OWNER)));
        refusedUnchanged(id, LEASE_EXPIRED, () -> store.terminate(terminateOf(session, dead, OPERATOR)));
        refusedUnchanged(id, LEASE_EXPIRED, () -> store.transfer(transferOf(session, dead, live)));

        var create = createRequest(dead, LONG_LIFETIME);
        rejected(await(store.create(create)), LEASE_EXPIRED);
        assertAbsent(create.id());
    }

    private void assertRetriedUnchanged(SessionRecord committed, SessionRecord retried) {
        assertThat(retried).isEqualTo(committed);
        assertThat(stored(committed.id())).isEqualTo(committed);
    }
}
