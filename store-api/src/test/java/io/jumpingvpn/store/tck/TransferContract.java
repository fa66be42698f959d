package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.INVALID_STATE;
import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.OWNERSHIP_CONFLICT;
import static io.jumpingvpn.store.StoreRejectCode.STALE_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import org.junit.jupiter.api.Test;

/**
 * Transfer: the owner hands a session over (migration, drain), or a live node takes it over once the owner's lease at
 * its epoch is no longer alive (failover), never while it is.
 */
public abstract class TransferContract extends ContractSupport {

    @Test
    void theOwnerHandsTheSessionToALiveNodeKeepingStateAndBinding() {
        var a = node("a");
        var b = node("b");
        var volatileSession = toState(createSession(a), SessionState.VOLATILE);

        var after = committed(await(store.transfer(transferOf(volatileSession, a, b))));

        assertThat(after.owner()).isEqualTo(b);
        assertThat(after.version()).isEqualTo(volatileSession.version() + 1);
        assertThat(after.baseVersion()).isEqualTo(volatileSession.version());
        assertThat(after.lastCommit()).isEqualTo(CommitKind.TRANSFER);
        assertThat(after.state()).isEqualTo(SessionState.VOLATILE);
        assertThat(after.binding()).isEqualTo(volatileSession.binding());
        assertThat(after.lastNonce()).isEqualTo(volatileSession.lastNonce());
        var found = found(after.id());
        assertThat(found.record()).isEqualTo(after);
        assertThat(found.ownerLeaseAlive()).isTrue();
    }

    @Test
    void nobodyElseTakesASessionOverWhileItsOwnersLeaseIsAlive() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        assertThat(found(session.id()).ownerLeaseAlive()).isTrue();

        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.transfer(transferOf(session, b, b)));
        var stale = new TransferCommit(session.id(), 7, b, b, newRequest());
        refusedUnchanged(session.id(), OWNERSHIP_CONFLICT, () -> store.transfer(stale));
    }

    @Test
    void aLiveNodeTakesOverOnceTheOwnersLeaseLapsed() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        lapse(a);
        assertThat(found(session.id()).ownerLeaseAlive()).isFalse();

        var after = committed(await(store.transfer(transferOf(session, b, b))));

        assertThat(after.owner()).isEqualTo(b);
        assertThat(found(session.id()).ownerLeaseAlive()).isTrue();
        refusedUnchanged(
                session.id(),
                LEASE_EXPIRED,
                () -> store.terminate(terminateOf(after, a, TerminateCommit.Authority.OPERATOR)));
    }

    @Test
    void aLiveNodeTakesOverOnceTheOwnerReleasedItsLease() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var session = createSession(a);
        committed(await(store.releaseNode(a)));

        var after = committed(await(store.transfer(transferOf(session, b, c))));

        assertThat(after.owner()).isEqualTo(c);
    }

    @Test
    void aRestartedNodeReclaimsItsSessionsUnderItsNewEpoch() {
        var before = node("a");
        var session = createSession(before);
        var after = node("a");
        assertThat(found(session.id()).ownerLeaseAlive()).isFalse();

        var reclaimed = committed(await(store.transfer(transferOf(session, after, after))));

        assertThat(reclaimed.owner()).isEqualTo(after);
        assertThat(found(session.id()).ownerLeaseAlive()).isTrue();
    }

    @Test
    void theNewOwnerMustHoldALiveLease() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var unregistered = new NodeRef(new NodeId("nobody"), 1);
        refusedUnchanged(session.id(), LEASE_EXPIRED, () -> store.transfer(transferOf(session, a, unregistered)));

        committed(await(store.releaseNode(b)));
        refusedUnchanged(session.id(), LEASE_EXPIRED, () -> store.transfer(transferOf(session, a, b)));
    }

    @Test
    void aTransferToTheCurrentOwnerIsInvalidStateAfterTheVersionCheck() {
        var a = node("a");
        var session = createSession(a);

        refusedUnchanged(session.id(), INVALID_STATE, () -> store.transfer(transferOf(session, a, a)));
        var stale = new TransferCommit(session.id(), 3, a, a, newRequest());
        refusedUnchanged(session.id(), STALE_VERSION, () -> store.transfer(stale));
    }

    @Test
    void transfersCompareOnVersion() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var v1 = createSession(a);
        var v2 = committed(await(store.transition(transitionOf(v1, SessionState.VOLATILE))));
        committed(await(store.transition(transitionOf(v2, SessionState.ATTACHED))));

        refusedUnchanged(v1.id(), STALE_VERSION, () -> store.transfer(transferOf(v1, a, b)));
        refusedUnchanged(v1.id(), OWNERSHIP_CONFLICT, () -> store.transfer(transferOf(v2, a, c)));
    }

    @Test
    void aTerminatedSessionCannotBeTransferred() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var tombstone = committed(await(store.terminate(terminateOf(session, a, TerminateCommit.Authority.OWNER))));

        refusedUnchanged(session.id(), INVALID_STATE, () -> store.transfer(transferOf(tombstone, a, b)));
    }
}
