package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.STORE_STATE_LOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Node leases: strictly increasing epochs, renewal only of a live lease at the current epoch, release, the store
 * incarnation, and ownership that is valid only while the owner's lease at its epoch is alive.
 */
public abstract class NodeLeaseContract extends ContractSupport {

    @Test
    void everyRegistrationGetsAStrictlyGreaterEpochUnderOneIncarnation() {
        var leases = new ArrayList<NodeLease>();
        for (var name : List.of("a", "b", "a", "c", "b", "a")) {
            leases.add(register(name, LONG_LEASE));
        }

        for (int i = 1; i < leases.size(); i++) {
            assertThat(leases.get(i).node().epoch())
                    .as("epoch of registration %d", i)
                    .isGreaterThan(leases.get(i - 1).node().epoch());
        }
        var incarnation = leases.getFirst().incarnation();
        assertThat(incarnation).isNotBlank();
        assertThat(leases).allSatisfy(lease -> assertThat(lease.incarnation()).isEqualTo(incarnation));
    }

    @Test
    void aRegistrationHoldsALiveLeaseCountedFromStoreTime() {
        var lease = register("a", LONG_LEASE);

        assertThat(lease.node().node()).isEqualTo(new NodeId("a"));
        assertThat(lease.alive()).isTrue();
        assertThat(lease.expiresAtMs()).isEqualTo(lease.storeNowMs() + LONG_LEASE.toMillis());
    }

    @Test
    void aRenewalKeepsTheEpochAndCountsTheLeaseFromStoreTime() {
        var first = register("a", LONG_LEASE);
        elapse(SHORT_LEASE);

        var renewed = committed(await(store.renewNode(first.node(), first.incarnation(), LONG_LEASE)))
                .lease();

        assertThat(renewed.node()).isEqualTo(first.node());
        assertThat(renewed.incarnation()).isEqualTo(first.incarnation());
        assertThat(renewed.storeNowMs()).isGreaterThanOrEqualTo(first.storeNowMs() + SHORT_LEASE.toMillis());
        assertThat(renewed.expiresAtMs()).isEqualTo(renewed.storeNowMs() + LONG_LEASE.toMillis());
        assertThat(renewed.alive()).isTrue();
    }

    @Test
    void aLapsedLeaseIsNeverRenewed() {
        var shortLived = register("a", SHORT_LEASE);
        var owner = node("b");
        var owned = createSession(owner);
        lapse(owner);

        rejected(await(store.renewNode(shortLived.node(), shortLived.incarnation(), LONG_LEASE)), LEASE_EXPIRED);
        rejected(await(store.renewNode(owner, incarnationOf(owner), LONG_LEASE)), LEASE_EXPIRED);
        assertThat(found(owned.id()).ownerLeaseAlive()).isFalse();
        assertThat(committed(await(store.nodes())))
                .noneSatisfy(lease -> assertThat(lease.alive()).isTrue());
    }

    @Test
    void aSupersededEpochCanNeitherRenewNorRelease() {
        var old = register("a", LONG_LEASE);
        var current = register("a", LONG_LEASE);

        rejected(await(store.renewNode(old.node(), old.incarnation(), LONG_LEASE)), LEASE_EXPIRED);
        rejected(await(store.releaseNode(old.node())), LEASE_EXPIRED);
        assertThat(committed(await(store.renewNode(current.node(), current.incarnation(), LONG_LEASE)))
                        .lease()
                        .alive())
                .isTrue();
    }

    @Test
    void anUnknownNodeCanNeitherRenewNorRelease() {
        var known = register("a", LONG_LEASE);
        var unknown = new NodeRef(new NodeId("nobody"), known.node().epoch());

        rejected(await(store.renewNode(unknown, known.incarnation(), LONG_LEASE)), LEASE_EXPIRED);
        rejected(await(store.releaseNode(unknown)), LEASE_EXPIRED);
    }

    @Test
    void aRenewalUnderAnotherIncarnationIsStoreStateLost() {
        var lease = register("a", LONG_LEASE);

        rejected(await(store.renewNode(lease.node(), "another-incarnation", LONG_LEASE)), STORE_STATE_LOST);
        assertThat(committed(await(store.renewNode(lease.node(), lease.incarnation(), LONG_LEASE)))
                        .lease()
                        .alive())
                .isTrue();
    }

    @Test
    void aRenewalAgainstAStoreWithoutIncarnationIsStoreStateLost() {
        var lease = register("a", LONG_LEASE);
        var emptied = openAnotherStore();

        rejected(await(emptied.renewNode(lease.node(), lease.incarnation(), LONG_LEASE)), STORE_STATE_LOST);
    }

    @Test
    void theIncarnationIsCheckedBeforeTheLease() {
        var old = register("a", LONG_LEASE);
        register("a", LONG_LEASE);

        rejected(await(store.renewNode(old.node(), "another-incarnation", LONG_LEASE)), STORE_STATE_LOST);
    }

    @Test
    void aReleaseEndsTheLeaseNow() {
        var lease = register("a", LONG_LEASE);
        var owned = createSession(lease.node());

        var released = committed(await(store.releaseNode(lease.node())));

        assertThat(released.node()).isEqualTo(lease.node());
        assertThat(released.alive()).isFalse();
        assertThat(found(owned.id()).ownerLeaseAlive()).isFalse();
        rejected(await(store.renewNode(lease.node(), lease.incarnation(), LONG_LEASE)), LEASE_EXPIRED);
        assertThat(committed(await(store.releaseNode(lease.node()))).alive()).isFalse();
    }

    @Test
    void nodesListsTheLatestRegistrationOfEveryNodeAliveOrNot() {
        register("a", LONG_LEASE);
        var b = register("b", LONG_LEASE);
        var a = register("a", LONG_LEASE);
        committed(await(store.releaseNode(b.node())));

        var nodes = committed(await(store.nodes()));

        assertThat(nodes).hasSize(2);
        assertThat(nodes).anySatisfy(lease -> {
            assertThat(lease.node()).isEqualTo(a.node());
            assertThat(lease.alive()).isTrue();
        });
        assertThat(nodes).anySatisfy(lease -> {
            assertThat(lease.node()).isEqualTo(b.node());
            assertThat(lease.alive()).isFalse();
        });
    }

    @Test
    void ownershipIsValidOnlyWhileTheOwnersLeaseAtItsEpochIsAlive() {
        var a = node("a");
        var b = node("b");
        var first = createSession(a);
        var second = createSession(b);
        assertThat(found(first.id()).ownerLeaseAlive()).isTrue();

        node("a");
        assertThat(found(first.id()).ownerLeaseAlive())
                .as("a live lease of the same node id at a newer epoch does not make the old ownership valid")
                .isFalse();

        lapse(b);
        assertThat(found(second.id()).ownerLeaseAlive()).isFalse();
    }
}
