package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.gateway.testing.FaultInjectingStore;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.HistoryLine;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-overs between nodes on one shared store (in-memory, in this JVM): the node that takes a session acknowledges at
 * once but forwards only once the previous owner stopped (its release, or its lease's end); the previous owner learns
 * promptly (watch) or with its next renewal, stops forwarding and releases; racing reattaches at several nodes end in
 * one winner. Raw test agents, real sockets on loopback; no test asserts speed.
 */
class ClusterHandoverIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void aReattachAtAnotherNodeIsAckedAtOnceAndForwardsOnlyOnceThePreviousOwnerReleasedIt() {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b);
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            first.attach();
            var session = first.sessionId();
            first.sendData(new byte[] {1});
            assertThat(first.expectData(WAIT)).containsExactly(1);

            var outcome = second.reattach(second.reattachRequest(session, 1, 1), WAIT);
            assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(second.version()).isEqualTo(3);

            // The previous owner learns it (watch), stops, releases; the new owner then forwards.
            await().atMost(WAIT)
                    .until(() -> n1.gateway().session(new SessionId(session)).isEmpty());
            second.sendData(new byte[] {2});
            assertThat(second.expectData(WAIT)).containsExactly(2);

            await().atMost(WAIT).untilAsserted(() -> {
                var unbinds = HistoryLine.of(n1.historyLines(), "unbind", session);
                var binds = HistoryLine.of(n2.historyLines(), "bind", session);
                assertThat(unbinds).extracting(HistoryLine::reason).contains("moved");
                assertThat(binds).extracting(HistoryLine::version).containsExactly(3L);
                // n2 began forwarding only after n1 had stopped.
                assertThat(binds.getFirst().monoNs())
                        .isGreaterThanOrEqualTo(unbinds.getLast().monoNs());
                // One event per ownership change, from the node whose commit made it.
                assertThat(n1.audit().events(AuditEventType.OWNERSHIP_CHANGE, session))
                        .isEmpty();
                assertThat(n2.audit().events(AuditEventType.OWNERSHIP_CHANGE, session))
                        .extracting(e -> e.reasonCode().orElseThrow())
                        .containsExactly("REATTACH");
            });

            // The old attachment's frames reach nobody any more.
            first.sendData(new byte[] {3});
            assertThat(first.receivesAnything(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void withoutAReleaseTheNewOwnerKeepsWhatArrivesUntilThePreviousOwnersLeaseIsOverThenForwardsItInOrder() {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b.nodeLease(Duration.ofMillis(1500))
                        .leaseSafetyMargin(Duration.ofMillis(150))
                        .cluster(b.build().cluster().withHoldFrames(3)));
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            first.attach();
            var session = first.sessionId();
            first.sendData(new byte[] {1});
            assertThat(first.expectData(WAIT)).containsExactly(1);

            // n1 hears nothing any more (no watch, no renewals): it cannot learn of the hand-over, nor release.
            n1.store().newsLost(true);
            n1.store().renewalsFail(true);
            assertThat(second.reattach(second.reattachRequest(session, 1, 1), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);
            for (byte b = 10; b < 15; b++) {
                second.sendData(new byte[] {b});
            }
            // Held: nothing comes back while n1 may still forward.
            assertThat(second.awaitMessage(Data.class, Duration.ofMillis(200))).isEmpty();
            // After n1's lease: the first three kept payloads, in order; the other two were dropped and counted.
            assertThat(second.expectData(WAIT)).containsExactly(10);
            assertThat(second.expectData(WAIT)).containsExactly(11);
            assertThat(second.expectData(WAIT)).containsExactly(12);
            assertThat(n2.count("jvpn.gateway.frames.refused", "reason", "BARRED"))
                    .isEqualTo(2);
            second.sendData(new byte[] {20});
            assertThat(second.expectData(WAIT)).containsExactly(20);

            await().atMost(WAIT).untilAsserted(() -> {
                var bind = HistoryLine.of(n2.historyLines(), "bind", session).getFirst();
                long n1ProofEnd = HistoryLine.of(n1.historyLines()).stream()
                        .filter(l -> l.event().equals("lease"))
                        .mapToLong(HistoryLine::until)
                        .max()
                        .orElseThrow();
                assertThat(bind.monoNs()).isGreaterThan(n1ProofEnd);
            });
        }
    }

    @Test
    void aNodeThatMissedTheWatchLearnsOfTheHandOverWithItsNextRenewal() {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b.nodeLease(Duration.ofMillis(1200)));
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            first.attach();
            var session = first.sessionId();
            n1.store().newsLost(true);
            assertThat(second.reattach(second.reattachRequest(session, 1, 1), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);

            await().atMost(WAIT)
                    .until(() -> n1.gateway().session(new SessionId(session)).isEmpty());
            assertThat(n1.gateway().leaseProven()).isTrue();
            await().atMost(WAIT).untilAsserted(() -> assertThat(HistoryLine.of(n1.historyLines(), "unbind", session))
                    .extracting(HistoryLine::reason)
                    .contains("moved"));
            first.sendData(new byte[] {1});
            assertThat(first.receivesAnything(Duration.ofMillis(300))).isFalse();
            second.sendData(new byte[] {2});
            assertThat(second.expectData(WAIT)).containsExactly(2);
        }
    }

    @Test
    void aReattachWhoseReplyWasLostIsSettledBeforeItsNodeTouchesTheSessionAgainAndHandedOverCleanly() {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b);
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            first.attach();
            var session = first.sessionId();
            var id = new SessionId(session);

            // n2's commit runs but its answer is lost: the agent is refused, n2 binds nothing.
            n2.store().reattachFault(FaultInjectingStore.ReattachFault.LOST_REPLY);
            var lost = second.reattach(second.reattachRequest(session, 1, 1), WAIT);
            n2.store().reattachFault(FaultInjectingStore.ReattachFault.NONE);
            assertThat(lost).isInstanceOfSatisfying(ReplyOutcome.Rejected.class, rejected -> assertThat(rejected.code())
                    .isEqualTo(RejectCode.STORE_UNAVAILABLE));
            assertThat(cluster.record(session).owner()).isEqualTo(n2.gateway().nodeRef());
            // n1 hears it lost the session; n2 settles its unknown outcome and holds the session without a transport.
            await().atMost(WAIT).until(() -> n1.gateway().session(id).isEmpty());
            await().atMost(WAIT).untilAsserted(() -> assertThat(n2.gateway().session(id))
                    .hasValueSatisfying(view -> assertThat(view.binding()).isEmpty()));

            // The agent learns the version and comes back at n1: a hand-over from n2, which lets it go.
            var stale = first.reattach(first.reattachRequest(session, 1, 2), WAIT);
            assertThat(stale).isInstanceOfSatisfying(ReplyOutcome.Rejected.class, rejected -> assertThat(
                            rejected.currentVersion())
                    .hasValue(3));
            assertThat(first.reattach(first.reattachRequest(session, 3, 3), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);
            first.sendData(new byte[] {4});
            assertThat(first.expectData(WAIT)).containsExactly(4);
            await().atMost(WAIT).until(() -> n2.gateway().session(id).isEmpty());
            assertThat(cluster.record(session).owner()).isEqualTo(n1.gateway().nodeRef());
            assertThat(HistoryLine.of(n2.historyLines(), "bind", session)).isEmpty();
        }
    }

    @Test
    void theSameSessionReattachedAtThreeNodesAtOnceHasExactlyOneWinner() throws Exception {
        // No cooldown: the rounds follow each other as fast as the test goes.
        var policy = GatewayFixture.steady(Map.of("SWITCH_COOLDOWN_MS", "0", "MAX_SWITCHES_PER_MIN", "600"));
        try (var cluster = ClusterFixture.start(temp, 3, b -> b.policy(policy));
                var owner = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            owner.attach();
            var session = owner.sessionId();
            var pool = Executors.newFixedThreadPool(3);
            var agents = new ArrayList<TestAgent>();
            try {
                for (int round = 0; round < 5; round++) {
                    var start = new CountDownLatch(1);
                    long expected = cluster.shared
                                            .read(new SessionId(session))
                                            .toCompletableFuture()
                                            .get(10, TimeUnit.SECONDS)
                                    instanceof ReadResult.Found found
                            ? found.record().version()
                            : -1;
                    var answers = new ArrayList<CompletableFuture<ReplyOutcome>>();
                    for (int i = 0; i < 3; i++) {
                        var agent = cluster.agent(cluster.node(i), TransportKind.UDP);
                        agents.add(agent);
                        var request = agent.reattachRequest(session, expected, 10L * (round + 1) + i);
                        answers.add(CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        start.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return agent.reattach(request, WAIT);
                                },
                                pool));
                    }
                    start.countDown();
                    var outcomes = new ArrayList<ReplyOutcome>();
                    for (var answer : answers) {
                        outcomes.add(answer.get(30, TimeUnit.SECONDS));
                    }
                    assertThat(outcomes)
                            .filteredOn(o -> o instanceof ReplyOutcome.Established)
                            .hasSize(1);
                    var losers = outcomes.stream()
                            .filter(o -> o instanceof ReplyOutcome.Rejected)
                            .map(o -> (ReplyOutcome.Rejected) o)
                            .toList();
                    assertThat(losers).hasSize(2).allSatisfy(rejected -> {
                        assertThat(rejected.code()).isEqualTo(RejectCode.OWNERSHIP_CONFLICT);
                        assertThat(rejected.currentVersion()).hasValue(expected + 2);
                    });
                    int winner = outcomes.indexOf(outcomes.stream()
                            .filter(o -> o instanceof ReplyOutcome.Established)
                            .findFirst()
                            .orElseThrow());
                    // Only the winner holds the session (the previous owner lets go once it hears of it).
                    await().atMost(WAIT).untilAsserted(() -> {
                        for (int i = 0; i < 3; i++) {
                            assertThat(cluster.node(i)
                                            .gateway()
                                            .session(new SessionId(session))
                                            .isPresent())
                                    .as("node n%d holds the session", i + 1)
                                    .isEqualTo(i == winner);
                        }
                    });
                }
            } finally {
                pool.shutdownNow();
                agents.forEach(TestAgent::close);
            }
        }
    }
}
