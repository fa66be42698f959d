package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.INVALID_STATE;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_NOT_FOUND;
import static io.jumpingvpn.store.TerminateCommit.Authority.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Session lifetime by the store's clock, and tombstones: kept for the retention, then gone. */
public abstract class ExpiryContract extends ContractSupport {

    /** How far past the retention the purge tests look, so that a lazy purge has certainly become due. */
    private static final Duration PAST_RETENTION = Duration.ofMillis(500);

    @Test
    void theLifetimeIsCountedFromCreationOnTheStoreClock() {
        var a = node("a");

        var session = createSession(a, SHORT_LIFETIME);

        assertThat(session.expiresAtMs()).isEqualTo(session.createdAtMs() + SHORT_LIFETIME.toMillis());
    }

    @Test
    void anExpiredSessionRefusesReattachTransitionAndTransfer() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a, SHORT_LIFETIME);
        elapse(PAST_SHORT);
        var id = session.id();

        refusedUnchanged(id, SESSION_EXPIRED, () -> store.reattach(reattachOf(session, b)));
        refusedUnchanged(id, SESSION_EXPIRED, () -> store.transition(transitionOf(session, SessionState.VOLATILE)));
        refusedUnchanged(id, SESSION_EXPIRED, () -> store.transfer(transferOf(session, a, b)));
        // Expiry is checked before the version.
        var stale = new ReattachCommit(id, 9, nextNonce(), newRequest(), b, newBinding());
        refusedUnchanged(id, SESSION_EXPIRED, () -> store.reattach(stale));
        var staleTransition =
                new TransitionCommit(id, 9, SessionState.ATTACHED, SessionState.VOLATILE, a, newRequest());
        refusedUnchanged(id, SESSION_EXPIRED, () -> store.transition(staleTransition));
    }

    @Test
    void anExpiredSessionCanStillBeTerminated() {
        var a = node("a");
        var session = createSession(a, SHORT_LIFETIME);
        elapse(PAST_SHORT);

        var tombstone = committed(
                await(store.terminate(new TerminateCommit(session.id(), 1, a, "SESSION_TTL", OWNER, newRequest()))));

        assertThat(tombstone.state()).isEqualTo(SessionState.TERMINATED);
        assertThat(tombstone.terminationReason()).hasValue("SESSION_TTL");
        assertThat(tombstone.version()).isEqualTo(2);
    }

    @Test
    void terminatedIsReportedBeforeExpired() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a, SHORT_LIFETIME);
        var tombstone = committed(await(store.terminate(terminateOf(session, a, OWNER))));
        elapse(PAST_SHORT);

        refusedUnchanged(session.id(), INVALID_STATE, () -> store.reattach(reattachOf(tombstone, b)));
    }

    @Test
    void aTerminatedRecordIsKeptForTheRetentionThenPurged() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var tombstone = committed(await(store.terminate(terminateOf(session, a, OWNER))));
        assertThat(stored(session.id())).isEqualTo(tombstone);

        elapse(fixture().tombstoneRetention().plus(PAST_RETENTION));

        assertPurged(session, b);
    }

    @Test
    void anExpiredRecordIsKeptForTheRetentionAfterItsExpiryThenPurged() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a, SHORT_LIFETIME);
        elapse(PAST_SHORT);
        assertThat(stored(session.id())).isEqualTo(session);

        elapse(fixture().tombstoneRetention().plus(PAST_RETENTION));

        assertPurged(session, b);
    }

    @Test
    void aLiveRecordOutlivesTheRetention() {
        var a = node("a");
        var session = createSession(a);

        elapse(fixture().tombstoneRetention().plus(PAST_RETENTION));

        assertThat(stored(session.id())).isEqualTo(session);
    }

    private void assertPurged(SessionRecord session, io.jumpingvpn.store.NodeRef node) {
        assertAbsent(session.id());
        // Not found comes first, whatever else about the request is wrong (here: leases may have lapsed meanwhile).
        rejected(await(store.reattach(reattachOf(session, node))), SESSION_NOT_FOUND);
        assertThat(committed(await(store.list(Optional.of(new NodeId("a")), 100))))
                .noneSatisfy(record -> assertThat(record.id()).isEqualTo(session.id()));
    }
}
