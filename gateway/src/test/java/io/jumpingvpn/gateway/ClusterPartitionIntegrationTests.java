package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.gateway.testing.FaultInjectingStore;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.HistoryLine;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition policy {@code deny} (the default): a node that cannot prove its lease freezes its sessions; it resumes
 * them at the same epoch if its lease survived in the store, reclaims them under a new epoch if it did not and nobody
 * took them over, and forgets those somebody else took. (The {@code terminate} policy and the store losing its state
 * are in {@link StoreFailureIntegrationTests}.)
 */
class ClusterPartitionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void sessionsAreFrozenWhileTheLeaseCannotBeProvenAndResumeAtTheSameEpochWhenItSurvived() {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        var history = temp.resolve("n1.jsonl");
        // Renewals every 2 s; the proof lasts half the lease, so it lapses 3 s after the last good renewal started,
        // and the renewal at 4 s (the store's lease ends at 6 s) finds the lease alive when the store answers again.
        try (var fixture = GatewayFixture.start(temp, store, b -> b.nodeLease(Duration.ofMillis(6000))
                        .leaseSafetyMargin(Duration.ofMillis(3000))
                        .historyFile(history));
                var agent = fixture.udpAgent()) {
            agent.attach();
            var session = agent.sessionId();
            agent.sendData(new byte[] {1});
            assertThat(agent.expectData(WAIT)).containsExactly(1);
            var epoch = fixture.gateway.nodeRef();

            store.renewalsFail(true);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> !fixture.gateway.leaseProven());
            store.renewalsFail(false);
            assertThat(fixture.gateway.readiness().isReady()).isFalse();
            agent.sendData(new byte[] {2});
            await().atMost(WAIT)
                    .until(() -> fixture.count("jvpn.gateway.frames.refused", "reason", "LEASE_UNPROVEN") > 0);

            await().atMost(WAIT).until(fixture.gateway::leaseProven);
            assertThat(fixture.gateway.nodeRef()).isEqualTo(epoch);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(HistoryLine.of(lines(history), "unbind", session))
                        .extracting(HistoryLine::reason)
                        .containsExactly("lease-lost");
                assertThat(HistoryLine.of(lines(history), "bind", session)).hasSize(2);
            });
            agent.sendData(new byte[] {3});
            assertThat(agent.expectData(WAIT)).containsExactly(3);
            assertThat(fixture.record(session).version()).isEqualTo(1);
        }
    }

    @Test
    void aNodeWhoseLeaseLapsedReclaimsUnderANewEpochWhatNobodyTookOver() throws Exception {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        var lease = Duration.ofMillis(1000);
        try (var fixture = GatewayFixture.start(temp, store, b -> b.nodeLease(lease));
                var agent = fixture.udpAgent()) {
            agent.attach();
            var session = agent.sessionId();
            var first = fixture.gateway.nodeRef();

            store.renewalsFail(true);
            await().atMost(WAIT).until(() -> !fixture.gateway.leaseProven());
            Thread.sleep(lease.toMillis() + 200);
            store.renewalsFail(false);

            await().atMost(WAIT).until(() -> fixture.gateway.nodeRef().epoch() > first.epoch());
            await().atMost(WAIT).untilAsserted(() -> {
                var record = fixture.record(session);
                assertThat(record.owner()).isEqualTo(fixture.gateway.nodeRef());
                assertThat(record.version()).isEqualTo(2);
            });
            agent.sendData(new byte[] {7});
            assertThat(agent.expectData(WAIT)).containsExactly(7);
            assertThat(fixture.audit.events(AuditEventType.OWNERSHIP_CHANGE, session))
                    .extracting(e -> e.reasonCode().orElseThrow())
                    .containsExactly("RECLAIM");
            assertThat(fixture.audit.events(AuditEventType.SESSION_TERMINATED, session))
                    .isEmpty();
        }
    }

    @Test
    void aTransitionTheAgentHadNotConfirmedIsToldAgainAtTheReclaimsVersionNeverBelowIt() throws Exception {
        var policy = Policy.FAST.withOverrides(Map.of("HEARTBEAT_VOLATILE_MS", "1000"));
        var store = new FaultInjectingStore(new InMemorySessionStore());
        var lease = Duration.ofMillis(1000);
        try (var fixture =
                        GatewayFixture.start(temp, store, b -> b.policy(policy).nodeLease(lease));
                var agent = fixture.udpAgent()) {
            agent.attach();
            var session = agent.sessionId();
            var first = fixture.gateway.nodeRef();
            for (int i = 0; i < 4; i++) {
                agent.heartbeat(1);
                Thread.sleep(40);
            }
            agent.loseHeartbeats(policy.maxConsecutiveDrops());
            agent.heartbeat(1);
            var volatileCommit = agent.expectMessage(StateUpdate.class, WAIT);
            assertThat(volatileCommit.version()).isEqualTo(2);

            // Never confirmed; the node loses its lease, registers again and reclaims the session at v3.
            store.renewalsFail(true);
            long lapseUntil = System.nanoTime() + lease.toNanos() + WAIT.toNanos();
            while (fixture.gateway.leaseProven() && System.nanoTime() < lapseUntil) {
                agent.heartbeat(1);
                Thread.sleep(50);
            }
            long lapsed = System.nanoTime() + lease.toNanos() + 200_000_000L;
            while (System.nanoTime() < lapsed) {
                agent.heartbeat(1);
                Thread.sleep(50);
            }
            store.renewalsFail(false);
            long reclaimUntil = System.nanoTime() + WAIT.toNanos();
            while (fixture.record(session).version() < 3 && System.nanoTime() < reclaimUntil) {
                agent.heartbeat(1);
                Thread.sleep(50);
            }
            assertThat(fixture.gateway.nodeRef().epoch()).isGreaterThan(first.epoch());
            assertThat(fixture.record(session).version()).isEqualTo(3);

            // From the first answer that carries v3 on, the agent must never be told a lower version.
            long highestAcked = 0;
            StateUpdate toldAgain = null;
            long until = System.nanoTime() + WAIT.toNanos();
            while (toldAgain == null && System.nanoTime() < until) {
                agent.heartbeat(1);
                var message = agent.awaitMessage(TunnelMessage.class, Duration.ofMillis(60));
                while (message.isPresent()) {
                    if (message.get() instanceof HeartbeatAck ack) {
                        highestAcked = Math.max(highestAcked, ack.version());
                    } else if (message.get() instanceof StateUpdate update && highestAcked >= 3) {
                        assertThat(update.version())
                                .as("told after v3 was acked")
                                .isGreaterThanOrEqualTo(3);
                        toldAgain = update;
                    }
                    message = agent.awaitMessage(TunnelMessage.class, Duration.ofMillis(5));
                }
            }
            assertThat(toldAgain).as("the unconfirmed transition, told again").isNotNull();
            assertThat(toldAgain.to()).isEqualTo(volatileCommit.to());
            assertThat(toldAgain.version()).isEqualTo(3);
            assertThat(fixture.audit.events(AuditEventType.SESSION_TERMINATED, session))
                    .isEmpty();
        }
    }

    @Test
    void aSessionTakenOverWhileItsNodeWasCutOffIsForgottenThereAndNeverForwardedAgain() {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b.nodeLease(Duration.ofMillis(1200)));
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            first.attach();
            var session = first.sessionId();
            var firstEpoch = n1.gateway().nodeRef();

            n1.store().unavailable(true);
            assertThat(second.reattach(second.reattachRequest(session, 1, 1), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);
            second.sendData(new byte[] {5});
            assertThat(second.expectData(WAIT)).containsExactly(5);
            // Meanwhile n1 forwards nothing: it cannot prove its lease.
            first.sendData(new byte[] {6});
            assertThat(first.receivesAnything(Duration.ofMillis(300))).isFalse();

            n1.store().unavailable(false);
            await().atMost(WAIT).until(() -> n1.gateway().nodeRef().epoch() > firstEpoch.epoch());
            await().atMost(WAIT)
                    .until(() -> n1.gateway().session(new SessionId(session)).isEmpty());
            first.sendData(new byte[] {8});
            assertThat(first.receivesAnything(Duration.ofMillis(300))).isFalse();
            second.sendData(new byte[] {9});
            assertThat(second.expectData(WAIT)).containsExactly(9);

            var lines = HistoryLine.of(n1.historyLines());
            long proofEnd = lines.stream()
                    .filter(l -> l.event().equals("lease") && l.epoch() == firstEpoch.epoch())
                    .mapToLong(HistoryLine::until)
                    .max()
                    .orElseThrow();
            assertThat(lines)
                    .filteredOn(l -> l.event().equals("forward") && session.equals(l.session()))
                    .allSatisfy(l -> assertThat(l.monoNs()).isLessThan(proofEnd));
            assertThat(lines)
                    .filteredOn(l -> l.event().equals("bind") && session.equals(l.session()))
                    .hasSize(1);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
