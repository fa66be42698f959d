package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.INVALID_STATE;
import static io.jumpingvpn.store.StoreRejectCode.OWNERSHIP_CONFLICT;
import static io.jumpingvpn.store.StoreRejectCode.REPLAY_DETECTED;
import static io.jumpingvpn.store.StoreRejectCode.STALE_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import org.junit.jupiter.api.Test;

/** Reattach-commit: compare on version, one winner per version, nonces only grow, the agent's proof moves the session. */
public abstract class ReattachContract extends ContractSupport {

    @Test
    void aReattachFromAttachedMovesTheSessionAndAdvancesTheVersionByTwo() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var request = reattachOf(session, b);

        var after = committed(await(store.reattach(request)));

        assertThat(after.state()).isEqualTo(SessionState.ATTACHED);
        assertThat(after.version()).isEqualTo(3);
        assertThat(after.baseVersion()).isEqualTo(1);
        assertThat(after.owner()).isEqualTo(b);
        assertThat(after.binding()).isEqualTo(request.binding());
        assertThat(after.lastNonce()).isEqualTo(request.nonce());
        assertThat(after.lastCommit()).isEqualTo(CommitKind.REATTACH);
        assertThat(after.recentRequests())
                .endsWith(new RequestOutcome(request.request(), b, 3, RequestOutcome.Kind.COMMITTED))
                .hasSize(2);
        assertThat(after.updatedAtMs()).isGreaterThanOrEqualTo(session.updatedAtMs());
        assertThat(after.id()).isEqualTo(session.id());
        assertThat(after.agentKey()).isEqualTo(session.agentKey());
        assertThat(after.createdAtMs()).isEqualTo(session.createdAtMs());
        assertThat(after.expiresAtMs()).isEqualTo(session.expiresAtMs());
        assertThat(after.policyRef()).isEqualTo(session.policyRef());
        assertThat(after.terminationReason()).isEmpty();
        assertThat(stored(session.id())).isEqualTo(after);
    }

    @Test
    void aReattachFromVolatileOrDegradedAdvancesTheVersionByTwo() {
        var a = node("a");
        var b = node("b");
        for (var state : new SessionState[] {SessionState.VOLATILE, SessionState.DEGRADED}) {
            var there = toState(createSession(a), state);

            var after = committed(await(store.reattach(reattachOf(there, b))));

            assertThat(after.version()).as("from " + state).isEqualTo(there.version() + 2);
            assertThat(after.baseVersion()).isEqualTo(there.version());
            assertThat(after.state()).isEqualTo(SessionState.ATTACHED);
        }
    }

    @Test
    void aReattachFromRecoveringAdvancesTheVersionByOne() {
        var a = node("a");
        var b = node("b");
        var recovering = toState(createSession(a), SessionState.RECOVERING);

        var after = committed(await(store.reattach(reattachOf(recovering, b))));

        assertThat(after.version()).isEqualTo(recovering.version() + 1);
        assertThat(after.baseVersion()).isEqualTo(recovering.version());
        assertThat(after.state()).isEqualTo(SessionState.ATTACHED);
    }

    @Test
    void theLoserOfARaceForTheSameVersionGetsOwnershipConflict() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var session = createSession(a);
        var winner = reattachOf(session, b);
        var loser = reattachOf(session, c);
        var after = committed(await(store.reattach(winner)));

        var refusal = refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.reattach(loser));

        assertThat(refusal.currentVersion()).hasValue(after.version());
        assertThat(stored(session.id()).owner()).isEqualTo(b);
        assertThat(stored(session.id()).binding()).isEqualTo(winner.binding());
    }

    @Test
    void itIsNeverLastWriteWinsEvenFromTheSameNode() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var first = reattachOf(session, b);
        var second = reattachOf(session, b);
        committed(await(store.reattach(first)));

        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.reattach(second));
        assertThat(stored(session.id()).binding()).isEqualTo(first.binding());
    }

    @Test
    void aRequestOlderThanTheLastCommitIsStaleVersion() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var v1 = createSession(a);
        var v3 = committed(await(store.reattach(reattachOf(v1, b))));
        committed(await(store.reattach(reattachOf(v3, c))));

        var fromVersionOne = reattachOf(v1, c);
        var refusal = refusedUnchanged(v1.id(), STALE_VERSION, () -> store.reattach(fromVersionOne));
        assertThat(refusal.currentVersion()).hasValue(5);

        var fromVersionThree = reattachOf(v3, b);
        refusedUnchanged(v1.id(), OWNERSHIP_CONFLICT, () -> store.reattach(fromVersionThree));
    }

    @Test
    void aVersionAheadOfTheStoredOneIsStaleVersion() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);

        for (long ahead : new long[] {2, 3, 1000}) {
            var request = new ReattachCommit(session.id(), ahead, nextNonce(), newRequest(), b, newBinding());
            refusedUnchanged(session.id(), STALE_VERSION, () -> store.reattach(request));
        }
    }

    @Test
    void aRepeatedOrOlderNonceIsReplayDetected() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var first = reattachOf(session, b);
        var after = committed(await(store.reattach(first)));

        for (long nonce : new long[] {first.nonce(), first.nonce() - 1}) {
            var replay = new ReattachCommit(session.id(), after.version(), nonce, newRequest(), a, newBinding());
            refusedUnchanged(session.id(), REPLAY_DETECTED, () -> store.reattach(replay));
        }
    }

    @Test
    void theVersionIsComparedBeforeTheNonce() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var first = reattachOf(session, b);
        committed(await(store.reattach(first)));

        var staleReplay = new ReattachCommit(session.id(), 7, first.nonce(), newRequest(), a, newBinding());
        refusedUnchanged(session.id(), STALE_VERSION, () -> store.reattach(staleReplay));
    }

    @Test
    void theOwnersLivenessDoesNotMatter() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        committed(await(store.releaseNode(a)));
        assertThat(found(session.id()).ownerLeaseAlive()).isFalse();

        var after = committed(await(store.reattach(reattachOf(session, b))));

        assertThat(after.owner()).isEqualTo(b);
        assertThat(found(session.id()).ownerLeaseAlive()).isTrue();
    }

    @Test
    void theOwnerItselfMayCommitAReattach() {
        var a = node("a");
        var session = createSession(a);

        var after = committed(await(store.reattach(reattachOf(session, a))));

        assertThat(after.owner()).isEqualTo(a);
        assertThat(after.version()).isEqualTo(3);
    }

    @Test
    void aTerminatedSessionIsInvalidStateWhateverTheVersion() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var tombstone = committed(await(store.terminate(terminateOf(session, a, TerminateCommit.Authority.OWNER))));

        refusedUnchanged(session.id(), INVALID_STATE, () -> store.reattach(reattachOf(tombstone, b)));
        refusedUnchanged(session.id(), INVALID_STATE, () -> store.reattach(reattachOf(session, b)));
    }
}
