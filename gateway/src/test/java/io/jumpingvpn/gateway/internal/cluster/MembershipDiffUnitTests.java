package io.jumpingvpn.gateway.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.MonotonicClock;
import io.jumpingvpn.gateway.Rendezvous;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.SessionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Which sessions a node hands over when the membership list changes, and the sticky router's births and settling
 * window, with a manual monotonic clock.
 */
class MembershipDiffUnitTests {

    private static final NodeId N1 = new NodeId("n1");
    private static final NodeId N2 = new NodeId("n2");
    private static final NodeId N3 = new NodeId("n3");
    private static final NodeId N4 = new NodeId("n4");

    @Test
    void whenANodeJoinsEachNodeHandsOverExactlyTheSessionsTheNewcomerNowOwns() {
        var before = List.of(N1, N2, N3);
        var after = List.of(N1, N2, N3, N4);
        var ids = ids(3_000);
        int handedOver = 0;
        for (var self : before) {
            var held = ids.stream()
                    .filter(id -> Rendezvous.owner(id.value(), before).equals(self))
                    .toList();
            var moves = MembershipDiff.moves(held, after, self);
            for (var id : held) {
                var owner = Rendezvous.owner(id.value(), after);
                if (owner.equals(self)) {
                    assertThat(moves).doesNotContainKey(id);
                } else {
                    assertThat(moves).containsEntry(id, N4);
                }
            }
            handedOver += moves.size();
        }
        assertThat(handedOver).isBetween(600, 900);
    }

    @Test
    void anUnchangedListMovesNothingAndALeavingNodeMovesEverything() {
        var members = List.of(N1, N2, N3);
        var ids = ids(500);
        var mine = ids.stream()
                .filter(id -> Rendezvous.owner(id.value(), members).equals(N2))
                .toList();

        assertThat(MembershipDiff.moves(mine, members, N2)).isEmpty();
        var leaving = MembershipDiff.moves(mine, List.of(N1, N3), N2);
        assertThat(leaving).hasSize(mine.size());
        assertThat(leaving.values()).containsOnly(N1, N3);
        assertThat(MembershipDiff.moves(mine, List.of(), N2)).isEmpty();
    }

    @Test
    void aStickyNodeGivesOnlyBirthsItOwnsAndNoneOnceItLeftTheList() {
        var random = new SplittableRandom(7);
        var members = members("n1", "n2", "n3", "n4");
        var router = new StickyRouter(N3, members, System::nanoTime, Duration.ofSeconds(1));
        var drawn = new AtomicLong();

        for (int i = 0; i < 200; i++) {
            var id = router.newSessionId(() -> {
                drawn.incrementAndGet();
                return id(random);
            });
            assertThat(id).isPresent();
            assertThat(Rendezvous.owner(id.get().value(), List.of(N1, N2, N3, N4)))
                    .isEqualTo(N3);
            assertThat(router.ownerElsewhere(id.get().value())).isEmpty();
        }
        // About one id in four is n3's: 200 births take about 800 draws.
        assertThat(drawn.get()).isBetween(500L, 1_200L);

        router.update(members("n1", "n2", "n4"));
        assertThat(router.newSessionId(() -> id(random))).isEmpty();
        var someId = id(random).value();
        assertThat(router.ownerElsewhere(someId).map(ClusterMember::node))
                .contains(Rendezvous.owner(someId, List.of(N1, N2, N4)));
    }

    @Test
    void aRecordMayBeOnItsWayOnlyWithinTheSettleWindowAndOnlyFromAPreviousOwnerStillListed() {
        var now = new AtomicLong(1_000_000_000L);
        MonotonicClock clock = now::get;
        var random = new SplittableRandom(11);
        var router = new StickyRouter(N1, members("n1", "n2", "n3"), clock, Duration.ofSeconds(5));
        var any = id(random).value();

        assertThat(router.settling(any, now.get()))
                .as("just started: anything may come")
                .isTrue();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(router.settling(any, now.get())).isFalse();

        // n3 was lost and is removed: what it owned is not coming, and what n1 owned all along would be here.
        router.update(members("n1", "n2"));
        var fromLostN3 = idMoving(random, List.of(N1, N2, N3), N3, List.of(N1, N2), N1);
        var stayed = idMoving(random, List.of(N1, N2, N3), N1, List.of(N1, N2), N1);
        assertThat(router.settling(fromLostN3, now.get())).isFalse();
        assertThat(router.settling(stayed, now.get())).isFalse();
    }

    @Test
    void aNodeThatRejoinsWaitsForWhatTheOthersStillHandItWithinTheWindow() {
        var now = new AtomicLong(1_000_000_000L);
        MonotonicClock clock = now::get;
        var random = new SplittableRandom(12);
        var router = new StickyRouter(N1, members("n2", "n3"), clock, Duration.ofSeconds(5));
        now.addAndGet(Duration.ofSeconds(6).toNanos());

        router.update(members("n1", "n2", "n3"));
        var fromN2 = idMoving(random, List.of(N2, N3), N2, List.of(N1, N2, N3), N1);
        assertThat(router.settling(fromN2, now.get()))
                .as("n2 is still a member and hands it over")
                .isTrue();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(router.settling(fromN2, now.get())).isFalse();
    }

    /** A fresh id owned by {@code from} under {@code before} and by {@code to} under {@code after}. */
    private static String idMoving(
            SplittableRandom random, List<NodeId> before, NodeId from, List<NodeId> after, NodeId to) {
        for (int i = 0; i < 10_000; i++) {
            var id = id(random).value();
            if (Rendezvous.owner(id, before).equals(from)
                    && Rendezvous.owner(id, after).equals(to)) {
                return id;
            }
        }
        throw new AssertionError("no id moves from " + from + " to " + to);
    }

    private static List<ClusterMember> members(String... ids) {
        var members = new ArrayList<ClusterMember>();
        int port = 7001;
        for (var id : ids) {
            members.add(ClusterMember.parse(id + "=udp://127.0.0.1:" + port + ";admin://127.0.0.1:" + (port + 1000)));
            port++;
        }
        return members;
    }

    private static List<SessionId> ids(int count) {
        var random = new SplittableRandom(42);
        var ids = new ArrayList<SessionId>();
        for (int i = 0; i < count; i++) {
            ids.add(id(random));
        }
        return ids;
    }

    private static SessionId id(SplittableRandom random) {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
