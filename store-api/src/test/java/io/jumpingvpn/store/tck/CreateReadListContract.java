package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_EXISTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Creating a session, reading it back, listing the table, and the ids a store hands out. */
public abstract class CreateReadListContract extends ContractSupport {

    @Test
    void createWritesAnAttachedRecordAtVersionOneOwnedByTheCreator() {
        var owner = node("owner");
        var request = createRequest(owner, LONG_LIFETIME);

        var record = committed(await(store.create(request)));

        assertThat(record.id()).isEqualTo(request.id());
        assertThat(record.agentKey()).isEqualTo(request.agentKey());
        assertThat(record.state()).isEqualTo(SessionState.ATTACHED);
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.baseVersion()).isZero();
        assertThat(record.owner()).isEqualTo(owner);
        assertThat(record.binding()).isEqualTo(request.binding());
        assertThat(record.lastNonce()).isZero();
        assertThat(record.lastCommit()).isEqualTo(CommitKind.CREATE);
        assertThat(record.recentRequests())
                .containsExactly(new RequestOutcome(request.request(), owner, 1, RequestOutcome.Kind.COMMITTED));
        assertThat(record.updatedAtMs()).isEqualTo(record.createdAtMs());
        assertThat(record.expiresAtMs()).isEqualTo(record.createdAtMs() + LONG_LIFETIME.toMillis());
        assertThat(record.policyRef()).isEqualTo(request.policyRef());
        assertThat(record.terminationReason()).isEmpty();
        assertThat(stored(record.id())).isEqualTo(record);
    }

    @Test
    void createTakesItsTimesFromTheStoreClock() {
        var before = register("owner", LONG_LEASE);

        var record = createSession(before.node());

        var after = committed(await(store.renewNode(before.node(), before.incarnation(), LONG_LEASE)))
                .lease();
        assertThat(record.createdAtMs()).isBetween(before.storeNowMs(), after.storeNowMs());
    }

    @Test
    void readReportsTheStoreTimeAndWhetherTheOwnersLeaseIsAlive() {
        var owner = node("owner");
        var record = createSession(owner);

        var found = found(record.id());

        assertThat(found.record()).isEqualTo(record);
        assertThat(found.storeNowMs()).isGreaterThanOrEqualTo(record.createdAtMs());
        assertThat(found.ownerLeaseAlive()).isTrue();
    }

    @Test
    void readOfAnUnknownSessionIsAbsent() {
        node("owner");

        assertThat(await(store.read(store.newSessionId()))).isInstanceOf(ReadResult.Absent.class);
    }

    @Test
    void aRepeatedCreateFromTheSameNodeReturnsTheRecordAgain() {
        var owner = node("owner");
        var request = createRequest(owner, LONG_LIFETIME);
        var record = committed(await(store.create(request)));

        assertThat(retried(await(store.create(request)))).isEqualTo(record);
        assertThat(stored(record.id())).isEqualTo(record);
    }

    @Test
    void creatingAnExistingIdIsSessionExistsAndChangesNothing() {
        var owner = node("owner");
        var other = node("other");
        var request = createRequest(owner, LONG_LIFETIME);
        var record = committed(await(store.create(request)));

        var otherRequest = new CreateSession(
                record.id(), agentKey(), owner, newBinding(), newRequest(), LONG_LIFETIME, "policy-other");
        refusedUnchanged(record.id(), SESSION_EXISTS, () -> store.create(otherRequest));

        var sameRequestOtherNode = new CreateSession(
                record.id(),
                request.agentKey(),
                other,
                request.binding(),
                request.request(),
                request.maxLifetime(),
                request.policyRef());
        refusedUnchanged(record.id(), SESSION_EXISTS, () -> store.create(sameRequestOtherNode));
    }

    @Test
    void creatingOverATombstoneIsSessionExists() {
        var owner = node("owner");
        var record = createSession(owner);
        committed(await(store.terminate(terminateOf(record, owner, TerminateCommit.Authority.OWNER))));

        var again = new CreateSession(
                record.id(), agentKey(), owner, newBinding(), newRequest(), LONG_LIFETIME, "policy-default");
        refusedUnchanged(record.id(), SESSION_EXISTS, () -> store.create(again));
    }

    @Test
    void theLeaseIsCheckedBeforeTheExistingRecord() {
        var owner = node("owner");
        var request = createRequest(owner, LONG_LIFETIME);
        committed(await(store.create(request)));
        lapse(owner);

        refusedUnchanged(request.id(), LEASE_EXPIRED, () -> store.create(request));
    }

    @Test
    void newSessionIdsAreDistinct() {
        var ids = new HashSet<SessionId>();
        for (int i = 0; i < 1000; i++) {
            assertThat(ids.add(store.newSessionId())).as("id %d is new", i).isTrue();
        }
    }

    @Test
    void listReturnsEveryRecordOrThoseOfOneNodeAtAnyEpoch() {
        var a1 = node("a");
        var b = node("b");
        var first = createSession(a1);
        var second = createSession(b);
        var a2 = node("a");
        var third = createSession(a2);
        var terminated = createSession(b);
        var tombstone = committed(await(store.terminate(terminateOf(terminated, b, TerminateCommit.Authority.OWNER))));

        assertThat(listed(Optional.empty(), 100)).containsExactlyInAnyOrder(first, second, third, tombstone);
        assertThat(listed(Optional.of(new NodeId("a")), 100)).containsExactlyInAnyOrder(first, third);
        assertThat(listed(Optional.of(new NodeId("b")), 100)).containsExactlyInAnyOrder(second, tombstone);
        assertThat(listed(Optional.of(new NodeId("nobody")), 100)).isEmpty();
    }

    @Test
    void listReturnsAtMostTheLimit() {
        var owner = node("owner");
        var all = List.of(createSession(owner), createSession(owner), createSession(owner));

        var some = listed(Optional.empty(), 2);

        assertThat(some).hasSize(2);
        assertThat(all).containsAll(some);
        assertThat(listed(Optional.of(new NodeId("owner")), 1)).hasSize(1);
    }

    private List<SessionRecord> listed(Optional<NodeId> ownedBy, int limit) {
        return committed(await(store.list(ownedBy, limit)));
    }
}
