package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.SessionId;
import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LeaseSlotsUnitTests {

    @Test
    void everyLeaseHashOfAClusterLivesInItsOwnEvenlySpreadSlot() {
        var slots = LeaseSlots.cluster("jvpn", 16);

        assertThat(slots.count()).isEqualTo(16);
        for (int i = 0; i < 16; i++) {
            assertThat(SlotHash.getSlot(slots.leaseKey(i)))
                    .isEqualTo(slots.slot(i))
                    .isEqualTo(i * 1024);
        }
        // Three masters splitting the slots evenly (0-5460, 5461-10922, 10923-16383) each hold lease copies.
        var perMaster = new int[3];
        IntStream.range(0, 16).forEach(i -> perMaster[Math.min(slots.slot(i) / 5461, 2)]++);
        assertThat(perMaster).containsExactly(6, 5, 5);
    }

    @Test
    void sessionIdsLandInALeaseSlotAndShareItWithTheirLeaseHash() {
        var slots = LeaseSlots.cluster("jvpn", 16);
        var ids = new HashSet<SessionId>();

        for (int n = 0; n < 200; n++) {
            var id = slots.newSessionId();
            assertThat(ids.add(id)).isTrue();
            assertThat(id.value()).hasSize(22).matches("[A-Za-z0-9_-]+");
            var leaseKey = slots.leaseKeyFor(id);
            assertThat(leaseKey).isNotNull();
            assertThat(SlotHash.getSlot(slots.sessionKey(id))).isEqualTo(SlotHash.getSlot(leaseKey));
        }
    }

    @Test
    void everyNodeComputesTheSameLayout() {
        var one = LeaseSlots.cluster("jvpn", 16);
        var two = LeaseSlots.cluster("jvpn", 16);

        assertThat(one.leaseKeys()).isEqualTo(two.leaseKeys());
        assertThat(one.leaseKeys()).allSatisfy(key -> assertThat(key).startsWith("jvpn:ls:{"));
    }

    @Test
    void anIdOutsideTheLeaseSlotsHasNoLeaseHashInClusterMode() {
        var slots = LeaseSlots.cluster("jvpn", 1);
        var foreign = IntStream.range(0, 1000)
                .mapToObj(n -> new SessionId("foreign-" + n))
                .filter(id -> SlotHash.getSlot(id.value()) != slots.slot(0))
                .findFirst()
                .orElseThrow();

        assertThat(slots.leaseKeyFor(foreign)).isNull();
        assertThat(LeaseSlots.single("jvpn").leaseKeyFor(foreign)).isEqualTo("jvpn:ls:{0}");
    }

    @Test
    void keysCarryThePrefixAndTheSessionIdAsHashTag() {
        var slots = LeaseSlots.single("t1");
        var id = new SessionId("abc");

        assertThat(slots.sessionKey(id)).isEqualTo("t1:s:{abc}");
        assertThat(slots.sessionIdOf("t1:s:{abc}")).isEqualTo("abc");
        assertThat(slots.sessionIdOf("t2:s:{abc}")).isNull();
        assertThat(slots.sessionKeyPattern()).isEqualTo("t1:s:*");
        assertThat(slots.epochKey()).isEqualTo("t1:epoch");
    }
}
