package io.jumpingvpn.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.TerminateCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Prompt ownership news ({@code watch}, {@code announceRelease}): best effort, so a store may need a moment before a
 * new subscription receives anything. The tests therefore repeat the displacing commit (or the announcement) until the
 * first message arrives, then check that everything received is exactly what was produced for that node at that
 * epoch, and that other nodes, other epochs and closed subscriptions received nothing.
 */
public abstract class OwnershipWatchContract extends ContractSupport {

    /** Generous: it bounds a hang, it does not measure speed. */
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static final Duration BETWEEN_ATTEMPTS = Duration.ofMillis(250);

    /** Records what a subscription received, in order. */
    static final class Recorder implements OwnershipListener {
        final List<Handover> handovers = new CopyOnWriteArrayList<>();
        final List<Release> releases = new CopyOnWriteArrayList<>();

        @Override
        public void onHandover(Handover handover) {
            handovers.add(handover);
        }

        @Override
        public void onRelease(Release release) {
            releases.add(release);
        }
    }

    @Test
    void aWatchingNodeLearnsPromptlyThatASessionWasTakenFromIt() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var mine = new Recorder();
        var otherEpoch = new Recorder();
        var otherNode = new Recorder();
        var closed = new Recorder();
        try (var watch = store.watch(a, mine);
                var other = store.watch(new NodeRef(a.node(), a.epoch() + 1_000), otherEpoch);
                var third = store.watch(c, otherNode)) {
            store.watch(a, closed).close();
            var produced = new CopyOnWriteArrayList<Handover>();

            Awaitility.await().atMost(DELIVERY).pollInterval(BETWEEN_ATTEMPTS).until(() -> {
                var session = createSession(a);
                var moved = committed(await(store.reattach(reattachOf(session, b))));
                produced.add(new Handover(session.id(), moved.version(), a, Optional.of(b), CommitKind.REATTACH));
                return !mine.handovers.isEmpty();
            });

            assertThat(produced).containsAll(mine.handovers);
            assertThat(mine.releases).isEmpty();
            assertThat(otherEpoch.handovers)
                    .as("a watch of another epoch of the node")
                    .isEmpty();
            assertThat(otherNode.handovers).as("a watch of another node").isEmpty();
            assertThat(closed.handovers).as("a closed watch").isEmpty();
        }
    }

    @Test
    void aTerminationByAnotherNodeIsAHandoverWithoutNewOwner() {
        var a = node("a");
        var operator = node("operator");
        var mine = new Recorder();
        try (var watch = store.watch(a, mine)) {
            var produced = new ArrayList<Handover>();

            Awaitility.await().atMost(DELIVERY).pollInterval(BETWEEN_ATTEMPTS).until(() -> {
                var session = createSession(a);
                SessionRecord terminated = committed(
                        await(store.terminate(terminateOf(session, operator, TerminateCommit.Authority.OPERATOR))));
                synchronized (produced) {
                    produced.add(new Handover(
                            session.id(), terminated.version(), a, Optional.empty(), CommitKind.TERMINATE));
                }
                return !mine.handovers.isEmpty();
            });

            synchronized (produced) {
                assertThat(produced).containsAll(mine.handovers);
            }
        }
    }

    @Test
    void aReleaseAnnouncedByThePreviousOwnerReachesTheNewOwnerAtItsEpoch() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var moved = committed(await(store.reattach(reattachOf(session, b))));
        var release = new Release(session.id(), moved.version(), a, b);
        var newOwner = new Recorder();
        var previousOwner = new Recorder();
        var otherEpoch = new Recorder();
        try (var watch = store.watch(b, newOwner);
                var old = store.watch(a, previousOwner);
                var other = store.watch(new NodeRef(b.node(), b.epoch() + 1_000), otherEpoch)) {

            Awaitility.await().atMost(DELIVERY).pollInterval(BETWEEN_ATTEMPTS).until(() -> {
                assertThat(committed(await(store.announceRelease(release)))).isEqualTo(release);
                return !newOwner.releases.isEmpty();
            });

            assertThat(newOwner.releases)
                    .allSatisfy(received -> assertThat(received).isEqualTo(release));
            assertThat(newOwner.handovers).isEmpty();
            assertThat(previousOwner.releases).isEmpty();
            assertThat(otherEpoch.releases).isEmpty();
        }
    }

    @Test
    void aListenerMayCallBackIntoTheStore() {
        var a = node("a");
        var b = node("b");
        var reads = new CopyOnWriteArrayList<NodeRef>();
        OwnershipListener reader = new OwnershipListener() {
            @Override
            public void onHandover(Handover handover) {
                // Blocking on the store from the listener must not deadlock: delivery is never inside a commit.
                var read = await(store.read(handover.session()));
                if (read instanceof ReadResult.Found found) {
                    reads.add(found.record().owner());
                }
            }

            @Override
            public void onRelease(Release release) {}
        };
        try (var watch = store.watch(a, reader)) {
            Awaitility.await().atMost(DELIVERY).pollInterval(BETWEEN_ATTEMPTS).until(() -> {
                var session = createSession(a);
                committed(await(store.reattach(reattachOf(session, b))));
                return !reads.isEmpty();
            });

            assertThat(reads).allSatisfy(owner -> assertThat(owner).isEqualTo(b));
        }
    }
}
