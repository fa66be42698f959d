package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jumpingvpn.store.NodeId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rendezvous hashing: pinned weights, unsigned order, balance, and minimal movement when a member joins or leaves. */
class RendezvousUnitTests {

    private static final NodeId N1 = new NodeId("n1");
    private static final NodeId N2 = new NodeId("n2");
    private static final NodeId N3 = new NodeId("n3");
    private static final NodeId N4 = new NodeId("n4");
    private static final int SESSIONS = 30_000;

    @Test
    void weightsArePinnedSha256PrefixesAnyImplementationCanRecompute() {
        // Computed independently: python3 hashlib.sha256(b"jumping-vpn/1 rendezvous\0" + node + b"\0" + session),
        // first 8 bytes big-endian.
        var session = "OelrJ6e6gpmaq0yxSO9ESA";
        assertThat(Rendezvous.weight(N1, session)).isEqualTo(0x325ac37d5e089c0cL);
        assertThat(Rendezvous.weight(N2, session)).isEqualTo(0x4b5cb2c58be3278cL);
        assertThat(Rendezvous.weight(N3, session)).isEqualTo(0xaed1fb8bd59222a3L);
        assertThat(Rendezvous.weight(new NodeId("gw-1"), "s")).isEqualTo(0xb8af7c59dc58defeL);
    }

    @Test
    void weightsCompareUnsignedSoATopBitWins() {
        // n3's weight has its top bit set: as a signed long it would be the smallest.
        assertThat(Rendezvous.owner("OelrJ6e6gpmaq0yxSO9ESA", List.of(N1, N2, N3)))
                .isEqualTo(N3);
        assertThat(Rendezvous.owner("OelrJ6e6gpmaq0yxSO9ESA", List.of(N3, N2, N1)))
                .as("the order of the list does not matter")
                .isEqualTo(N3);
        assertThat(Rendezvous.owner("OelrJ6e6gpmaq0yxSO9ESA", List.of(N1, N2))).isEqualTo(N2);
    }

    @Test
    void sessionsSpreadEvenlyOverTheMembers() {
        var members = List.of(N1, N2, N3, N4);
        var counts = new HashMap<NodeId, Integer>();
        for (var session : sessions()) {
            counts.merge(Rendezvous.owner(session, members), 1, Integer::sum);
        }
        // 30,000 ids: one standard deviation of a quarter is 75 sessions; allow eight.
        for (var member : members) {
            assertThat(counts.get(member)).as(member.value()).isBetween(SESSIONS / 4 - 600, SESSIONS / 4 + 600);
        }
    }

    @Test
    void aJoiningMemberTakesAboutItsShareAndNothingMovesBetweenTheOthers() {
        var before = List.of(N1, N2, N3);
        var after = List.of(N1, N2, N3, N4);
        int moved = 0;
        for (var session : sessions()) {
            var was = Rendezvous.owner(session, before);
            var now = Rendezvous.owner(session, after);
            if (!was.equals(now)) {
                assertThat(now)
                        .as("a session that moves goes to the new member")
                        .isEqualTo(N4);
                moved++;
            }
        }
        assertThat(moved).isBetween(SESSIONS / 4 - 600, SESSIONS / 4 + 600);
    }

    @Test
    void aLeavingMembersSessionsAreTheOnlyOnesThatMove() {
        var before = List.of(N1, N2, N3, N4);
        var after = List.of(N1, N3, N4);
        for (var session : sessions()) {
            var was = Rendezvous.owner(session, before);
            var now = Rendezvous.owner(session, after);
            if (!was.equals(N2)) {
                assertThat(now).as(session).isEqualTo(was);
            } else {
                assertThat(now).isNotEqualTo(N2);
            }
        }
    }

    @Test
    void ownsAgreesWithOwner() {
        var members = List.of(N1, N2, N3, N4);
        for (var session : sessions().subList(0, 5_000)) {
            var owner = Rendezvous.owner(session, members);
            for (var member : members) {
                assertThat(Rendezvous.owns(member, session, members)).isEqualTo(member.equals(owner));
            }
        }
        assertThat(Rendezvous.owns(new NodeId("n9"), "s", members))
                .as("not a member")
                .isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> Rendezvous.owner("s", List.of()));
    }

    /** Deterministic 22-character ids like the stores make, so that the figures above cannot flake. */
    private static List<String> sessions() {
        var random = new SplittableRandom(20_260_301);
        var ids = new ArrayList<String>(SESSIONS);
        var bytes = new byte[16];
        for (int i = 0; i < SESSIONS; i++) {
            random.nextBytes(bytes);
            ids.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return ids;
    }
}
