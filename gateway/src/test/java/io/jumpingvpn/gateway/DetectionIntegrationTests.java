package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's own detection with fast timings: heartbeat silence, the transport-loss TTL, the session lifetime, and
 * live-transport quality transitions committed and confirmed one at a time.
 */
class DetectionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void silenceMeansRecoveringKeptLocallyThenTheTransportLossTtlTerminates() {
        var policy = Policy.FAST.withOverrides(Map.of("TRANSPORT_LOST_TTL_MS", "1000", "RECOVERY_WINDOW_MS", "1000"));
        try (var fixture = GatewayFixture.start(temp, b -> b.policy(policy));
                var agent = fixture.udpAgent()) {
            agent.attach();
            var id = new SessionId(agent.sessionId());

            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            fixture.gateway.session(id).orElseThrow().state())
                    .isEqualTo(io.jumpingvpn.protocol.state.SessionState.RECOVERING));
            var view = fixture.gateway.session(id).orElseThrow();
            assertThat(view.version()).isEqualTo(1);
            assertThat(view.binding()).isEmpty();
            assertThat(view.transportless()).isPresent();
            // The version rule: the store does not learn of a transition the agent cannot know about.
            assertThat(fixture.record(agent.sessionId()).version()).isEqualTo(1);
            assertThat(fixture.record(agent.sessionId()).state()).isEqualTo(SessionState.ATTACHED);

            var terminate = agent.expectMessage(Terminate.class, WAIT);
            assertThat(terminate.code()).isEqualTo(TerminationCode.TRANSPORT_LOSS_TTL_EXPIRED);
            var record = fixture.record(agent.sessionId());
            assertThat(record.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(record.terminationReason()).contains("TRANSPORT_LOSS_TTL_EXPIRED");
            // The version rule: the pending ATTACHED -> RECOVERING is committed together with the termination.
            assertThat(record.version()).isEqualTo(3);
            assertThat(terminate.version()).isEqualTo(3);
            assertThat(fixture.gateway.session(id)).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(fixture.audit.events(AuditEventType.STATE_CHANGE, agent.sessionId()))
                        .extracting(e -> e.fields().get("to") + ":" + e.fields().get("status"))
                        .containsSubsequence("ATTACHED:COMMITTED", "RECOVERING:LOCAL", "TERMINATED:COMMITTED");
                assertThat(fixture.audit.events(AuditEventType.SESSION_TERMINATED, agent.sessionId()))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.reasonCode()).contains("TRANSPORT_LOSS_TTL_EXPIRED");
                            assertThat((Long) e.fields().get("transportless_ms"))
                                    .isGreaterThanOrEqualTo(1000);
                        });
            });
        }
    }

    @Test
    void aReattachFromRecoveringCommitsThePendingTransitionAndTrafficResumes() {
        var policy = Policy.FAST.withOverrides(Map.of("HEARTBEAT_VOLATILE_MS", "300", "MAX_CONSECUTIVE_DROPS", "1000"));
        try (var fixture = GatewayFixture.start(temp, b -> b.policy(policy));
                var agent = fixture.udpAgent()) {
            agent.attach();
            var id = new SessionId(agent.sessionId());
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            fixture.gateway.session(id).orElseThrow().state())
                    .isEqualTo(io.jumpingvpn.protocol.state.SessionState.RECOVERING));
            agent.sendData(new byte[] {9});
            assertThat(agent.receivesAnything(Duration.ofMillis(100))).isFalse();

            agent.rebind();
            assertThat(agent.reattach(1)).isInstanceOf(ReplyOutcome.Established.class);

            assertThat(agent.version()).isEqualTo(3);
            agent.heartbeat(3);
            agent.sendData(new byte[] {7});
            assertThat(agent.expectData(WAIT)).containsExactly(7);
            assertThat(fixture.record(agent.sessionId()).version()).isEqualTo(3);
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            fixture.audit.events(AuditEventType.STATE_CHANGE, agent.sessionId()))
                    .extracting(e -> e.fields().get("to") + "@"
                            + e.stateVersion().getAsLong() + ":" + e.fields().get("status"))
                    .containsSubsequence("RECOVERING@2:LOCAL", "RECOVERING@2:COMMITTED", "ATTACHED@3:COMMITTED"));
        }
    }

    @Test
    void theSessionLifetimeEndsInSessionTtlExpired() {
        var policy = Policy.FAST.withOverrides(Map.of(
                "SESSION_MAX_LIFETIME_MS", "1000",
                "TRANSPORT_LOST_TTL_MS", "500",
                "RECOVERY_WINDOW_MS", "500",
                "HEARTBEAT_VOLATILE_MS", "400"));
        try (var fixture = GatewayFixture.start(temp, b -> b.policy(policy));
                var agent = fixture.udpAgent()) {
            agent.attach();
            var terminate = heartbeatUntilTerminated(agent, 1);

            assertThat(terminate.code()).isEqualTo(TerminationCode.SESSION_TTL_EXPIRED);
            var record = fixture.record(agent.sessionId());
            assertThat(record.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(record.terminationReason()).contains("SESSION_TTL_EXPIRED");
        }
    }

    @Test
    void lostHeartbeatsMakeTheSessionVolatileOneUnconfirmedCommitAtATime() {
        var policy = Policy.FAST.withOverrides(Map.of("HEARTBEAT_VOLATILE_MS", "1000"));
        try (var fixture = GatewayFixture.start(temp, b -> b.policy(policy));
                var agent = fixture.udpAgent()) {
            agent.attach();
            for (int i = 0; i < 4; i++) {
                agent.heartbeat(1);
                sleep(40);
            }
            agent.loseHeartbeats(policy.maxConsecutiveDrops());
            agent.heartbeat(1);

            var commit = agent.expectMessage(StateUpdate.class, WAIT);
            assertThat(commit.kind()).isEqualTo(StateUpdate.Kind.COMMIT);
            assertThat(commit.event()).isEqualTo(SessionEvent.QUALITY_BELOW_FLOOR);
            assertThat(commit.to()).isEqualTo(io.jumpingvpn.protocol.state.SessionState.VOLATILE);
            assertThat(commit.version()).isEqualTo(2);

            // Not confirmed: the commit is sent again, and nothing else is committed meanwhile.
            var resent = new ArrayList<StateUpdate>();
            long until = System.nanoTime() + Duration.ofMillis(700).toNanos();
            while (System.nanoTime() < until) {
                agent.heartbeat(1);
                agent.awaitMessage(StateUpdate.class, Duration.ofMillis(40)).ifPresent(resent::add);
            }
            assertThat(resent).isNotEmpty().allSatisfy(update -> assertThat(update)
                    .isEqualTo(commit));
            assertThat(fixture.record(agent.sessionId()).version()).isEqualTo(2);

            // Confirmed, with clean heartbeats: quality restored, committed as the next version.
            Optional<StateUpdate> restored = Optional.empty();
            long confirmed = 2;
            until = System.nanoTime() + WAIT.toNanos();
            while (restored.isEmpty() && System.nanoTime() < until) {
                agent.heartbeat(confirmed);
                var update = agent.awaitMessage(StateUpdate.class, Duration.ofMillis(40));
                if (update.isPresent()) {
                    confirmed = update.get().version();
                    if (update.get().to() == io.jumpingvpn.protocol.state.SessionState.ATTACHED) {
                        restored = update;
                    }
                }
            }
            assertThat(restored).hasValueSatisfying(update -> {
                assertThat(update.event()).isEqualTo(SessionEvent.QUALITY_RESTORED);
                assertThat(update.version()).isGreaterThan(2);
            });
            var record = fixture.record(agent.sessionId());
            assertThat(record.state()).isEqualTo(SessionState.ATTACHED);
            assertThat(record.version()).isEqualTo(restored.get().version());
        }
    }

    @Test
    void anOperatorTerminationReachesTheAgent() throws Exception {
        try (var fixture = GatewayFixture.start(temp);
                var agent = fixture.udpAgent()) {
            agent.attach();

            var outcome = fixture.gateway
                    .terminate(new SessionId(agent.sessionId()), TerminationCode.OPERATOR_TERMINATE)
                    .toCompletableFuture()
                    .get();

            assertThat(outcome).isEqualTo(new TerminateOutcome.Terminated(new SessionId(agent.sessionId()), 2));
            var terminate = agent.expectMessage(Terminate.class, WAIT);
            assertThat(terminate.code()).isEqualTo(TerminationCode.OPERATOR_TERMINATE);
            assertThat(terminate.version()).isEqualTo(2);
            assertThat(fixture.record(agent.sessionId()).terminationReason()).contains("OPERATOR_TERMINATE");
            agent.sendData(new byte[] {1});
            assertThat(agent.receivesAnything(Duration.ofMillis(200))).isFalse();
        }
    }

    private static Terminate heartbeatUntilTerminated(TestAgent agent, long confirmed) {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            agent.heartbeat(confirmed);
            var terminate = agent.awaitMessage(Terminate.class, Duration.ofMillis(40));
            if (terminate.isPresent()) {
                return terminate.get();
            }
        }
        throw new AssertionError("no TERMINATE within " + WAIT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
