package io.jumpingvpn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.testing.Recorder;
import io.jumpingvpn.agent.testing.ScriptedGateway;
import io.jumpingvpn.agent.testing.ScriptedGateway.ReattachScript;
import io.jumpingvpn.agent.testing.SessionTable;
import io.jumpingvpn.agent.testing.TestKeys;
import io.jumpingvpn.agent.testing.TestPolicies;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reattach rules against a scripted gateway that answers each REATTACH_REQUEST as the test says: every reject
 * code, version adoption, regressions, redirects, the recovery window and the switch limits.
 */
class AgentReattachIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestKeys keys = TestKeys.generate();
    private final SessionTable table = new SessionTable(keys.gatewayKeys(), TestPolicies.steady(), "session-two");
    private final Recorder recorder = new Recorder();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    private ScriptedGateway gateway() throws IOException {
        var gateway = ScriptedGateway.udp(table);
        closeables.add(gateway);
        return gateway;
    }

    private Agent attachedAgent(AgentConfig.Builder builder) throws Exception {
        var agent = Agent.start(builder.build());
        closeables.add(agent);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        return agent;
    }

    private AgentConfig.Builder config(Policy policy, ScriptedGateway... gateways) {
        var builder = AgentConfig.builder()
                .keys(keys.agentKeys())
                .policy(policy)
                .listener(recorder)
                .dataHandler(recorder);
        for (var gateway : gateways) {
            builder.gateway(gateway.candidate());
        }
        return builder;
    }

    /** Answers the first {@code times} requests with {@code first}, then behaves normally. */
    private static Function<ReattachRequest, ReattachScript> firstThen(int times, ReattachScript first) {
        var count = new AtomicInteger();
        return request -> count.getAndIncrement() < times ? first : new ReattachScript.Accept();
    }

    private AgentEnd endOf(Agent agent) throws Exception {
        return agent.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aStaleVersionIsAdoptedAndTheRetryCarriesIt() throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        // Another node moved the session on (versions 2..5) while this agent did not hear of it.
        table.force(5, SessionState.ATTACHED);

        agent.killTransport();

        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        assertThat(gateway.reattachRequests)
                .extracting(ReattachRequest::expectedVersion)
                .containsExactly(1L, 5L);
        assertThat(gateway.reattachRequests).extracting(ReattachRequest::nonce).containsExactly(1L, 2L);
        assertThat(recorder.all(AgentEvent.ReattachRejected.class))
                .singleElement()
                .satisfies(rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectCode.STALE_VERSION);
                    assertThat(rejected.currentVersion()).hasValue(5);
                });
        assertThat(recorder.all(AgentEvent.VersionAdopted.class))
                .singleElement()
                .isEqualTo(new AgentEvent.VersionAdopted(
                        recorder.all(AgentEvent.VersionAdopted.class).getFirst().monoNanos(), 1, 5));
        assertThat(agent.status().confirmedVersion()).isEqualTo(7);
        // Every retry went out over a socket of its own.
        var ports = recorder.all(AgentEvent.ReattachSent.class).stream()
                .map(sent -> sent.localAddress().getPort())
                .toList();
        assertThat(ports).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void anOwnershipConflictIsAdoptedLikeAStaleVersion() throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        gateway.onReattach = firstThen(1, new ReattachScript.Reject(RejectCode.OWNERSHIP_CONFLICT, OptionalLong.of(4)));
        table.force(4, SessionState.ATTACHED);

        agent.killTransport();

        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        assertThat(gateway.reattachRequests)
                .extracting(ReattachRequest::expectedVersion)
                .containsExactly(1L, 4L);
        assertThat(agent.status().confirmedVersion()).isEqualTo(6);
    }

    @Test
    void aRejectCarryingAVersionBelowTheHighestSeenIsARegression() throws Exception {
        var gateway = gateway();
        // The gateway's heartbeats report version 6: the agent has seen 6.
        gateway.reportedVersion = OptionalLong.of(6);
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        await().atMost(WAIT).until(() -> agent.status().highestSeenVersion() == 6);
        gateway.onReattach = request -> new ReattachScript.Reject(RejectCode.STALE_VERSION, OptionalLong.of(3));

        agent.killTransport();

        var end = endOf(agent);
        assertThat(end).isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> {
            assertThat(terminated.code()).isEqualTo(TerminationCode.STORE_STATE_LOST);
            assertThat(terminated.detail()).contains("below the highest seen");
        });
        assertThat(agent.status().state()).isEqualTo(SessionState.TERMINATED);
        assertThat(gateway.reattachRequests).hasSize(1);
    }

    @Test
    void aHeartbeatAnswerBelowTheHighestSeenIsARegression() throws Exception {
        var gateway = gateway();
        gateway.reportedVersion = OptionalLong.of(9);
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        await().atMost(WAIT).until(() -> agent.status().highestSeenVersion() == 9);

        gateway.reportedVersion = OptionalLong.of(8);

        assertThat(endOf(agent))
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.STORE_STATE_LOST));
        // The agent tells the gateway why it ends the session.
        await().atMost(WAIT).until(() -> !gateway.terminations.isEmpty());
        assertThat(gateway.terminations.getFirst().code()).isEqualTo(TerminationCode.STORE_STATE_LOST);
    }

    @ParameterizedTest
    @CsvSource({
        "SESSION_NOT_FOUND, STORE_STATE_LOST",
        "SESSION_EXPIRED, SESSION_TTL_EXPIRED",
        "AUTH_FAIL, OWNERSHIP_UNPROVEN",
        "INVALID_STATE, OWNERSHIP_UNPROVEN"
    })
    void finalRejectsTerminateWithAnExplicitCode(RejectCode reject, TerminationCode expected) throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        gateway.onReattach = request -> ReattachScript.reject(reject);

        agent.killTransport();

        assertThat(endOf(agent))
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(expected));
        assertThat(gateway.reattachRequests).hasSize(1);
        assertThat(recorder.states()).endsWith(SessionState.RECOVERING, SessionState.TERMINATED);
    }

    @ParameterizedTest
    @CsvSource({"STORE_UNAVAILABLE", "RATE_LIMITED", "FRESHNESS_INVALID", "REPLAY_DETECTED"})
    void passingRefusalsAreRetriedAfterABackoff(RejectCode reject) throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        gateway.onReattach = firstThen(2, ReattachScript.reject(reject));

        agent.killTransport();

        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        assertThat(recorder.all(AgentEvent.ReattachRejected.class))
                .extracting(AgentEvent.ReattachRejected::code)
                .containsExactly(reject, reject);
        // New nonces for every new request, all at the unchanged confirmed version.
        assertThat(gateway.reattachRequests).extracting(ReattachRequest::nonce).containsExactly(1L, 2L, 3L);
        assertThat(gateway.reattachRequests)
                .extracting(ReattachRequest::expectedVersion)
                .containsOnly(1L);
        var sent = recorder.all(AgentEvent.ReattachSent.class);
        // The back-off doubles: the gap before the third request is at least the policy's heartbeat interval twice.
        long gap = sent.get(2).monoNanos() - sent.get(1).monoNanos();
        assertThat(gap).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void policyDenyWaitsTheSwitchCooldown() throws Exception {
        var gateway = gateway();
        var policy = TestPolicies.steady().toBuilder()
                .set(PolicyKey.SWITCH_COOLDOWN_MS, 300)
                .build();
        var agent = attachedAgent(config(policy, gateway));
        gateway.onReattach = firstThen(1, ReattachScript.reject(RejectCode.POLICY_DENY));

        agent.killTransport();

        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        var sent = recorder.all(AgentEvent.ReattachSent.class);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).monoNanos() - sent.get(0).monoNanos())
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void anUnreachableGatewayEndsInRecoveryWindowExceeded() throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));

        gateway.close();
        agent.killTransport();

        assertThat(endOf(agent))
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.RECOVERY_WINDOW_EXCEEDED));
        assertThat(recorder.states())
                .containsExactly(SessionState.ATTACHED, SessionState.RECOVERING, SessionState.TERMINATED);
        assertThat(recorder.all(AgentEvent.ReattachFailed.class)).isNotEmpty();
        // Every attempt dialled a new socket.
        var ports = recorder.all(AgentEvent.ReattachSent.class).stream()
                .map(sent -> sent.localAddress().getPort())
                .toList();
        assertThat(ports).doesNotHaveDuplicates();
    }

    @Test
    void aSilentGatewayIsNoticedAndLeft() throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));

        gateway.answerHeartbeats = false;
        gateway.echoData = false;

        await().atMost(WAIT)
                .until(() -> !recorder.all(AgentEvent.TransportLost.class).isEmpty());
        assertThat(recorder.all(AgentEvent.TransportLost.class).getFirst().cause())
                .isEqualTo(AgentEvent.LossCause.SILENCE);
        gateway.answerHeartbeats = true;
        await().atMost(WAIT)
                .until(() -> agent.status().counts().reattaches() >= 1
                        && agent.status().state() == SessionState.ATTACHED);
    }

    @Test
    void aRedirectSendsTheReattachToItsTarget() throws Exception {
        var first = gateway();
        var second = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), first));
        first.onReattach = request -> new ReattachScript.Redirect(second.candidate());

        agent.killTransport();

        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        assertThat(agent.status().candidate()).contains(second.candidate());
        assertThat(recorder.all(AgentEvent.Redirected.class))
                .singleElement()
                .extracting(AgentEvent.Redirected::target)
                .isEqualTo(second.candidate());
        assertThat(second.reattachRequests).singleElement().satisfies(request -> {
            assertThat(request.candidate()).isEqualTo(second.candidate());
            assertThat(request.nonce()).isEqualTo(2);
        });
        assertThat(table.owner()).isSameAs(second);
        assertThat(agent.send(ByteBuffer.wrap(new byte[] {42}))).isTrue();
        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(42);
    }

    @Test
    void aGatewaySigningWithAnotherKeyIsNeverBelieved() throws Exception {
        var gateway = gateway();
        var agent = attachedAgent(config(TestPolicies.steady(), gateway));
        // The session's gateway now signs with a key the agent does not pin: its redirects and rejects are forgeries.
        var impostorKeys = new TestKeys(IdentityKeyPair.generate(new SecureRandom()), keys.agent());
        var impostorTable = new SessionTable(impostorKeys.gatewayKeys(), TestPolicies.steady(), "session-two");
        var impostor = ScriptedGateway.udp(impostorTable);
        closeables.add(impostor);
        impostor.onReattach = request -> ReattachScript.reject(RejectCode.SESSION_NOT_FOUND);
        var builder = config(TestPolicies.steady(), impostor);

        var victim = Agent.start(builder.build());
        closeables.add(victim);

        // The impostor's ACK does not verify under the pinned key: no session is ever born.
        assertThat(victim.awaitAttached(Duration.ofMillis(500))).isInstanceOf(AttachOutcome.NotYet.class);
        assertThat(victim.status().counts().framesRejected()).isPositive();
        assertThat(victim.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(AgentEnd.BirthFailed.class);
        assertThat(agent.status().state()).isEqualTo(SessionState.ATTACHED);
    }

    @Test
    void theSwitchLimitHoldsARecoveryBackUntilTheWindowEnds() throws Exception {
        var gateway = gateway();
        var policy = TestPolicies.steady().toBuilder()
                .set(PolicyKey.MAX_SWITCHES_PER_MIN, 1)
                .build();
        var agent = attachedAgent(config(policy, gateway));
        agent.killTransport();
        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);

        agent.killTransport();

        assertThat(endOf(agent))
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.RECOVERY_WINDOW_EXCEEDED));
        // The second recovery never sent a request: one switch per minute was spent.
        assertThat(gateway.reattachRequests).hasSize(1);
        assertThat(agent.status().counts().switches()).isEqualTo(1);
    }

    @Test
    void anExplicitSwitchIsRefusedByTheCooldown() throws Exception {
        var gateway = gateway();
        var policy = TestPolicies.steady().toBuilder()
                .set(PolicyKey.SWITCH_COOLDOWN_MS, 60_000)
                .set(PolicyKey.RECOVERY_WINDOW_MS, 3_000)
                .build();
        var agent = attachedAgent(config(policy, gateway));

        var first = agent.switchTo(gateway.candidate()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        var second = agent.switchTo(gateway.candidate()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(first).isEqualTo(new SwitchOutcome.Started());
        assertThat(second).isInstanceOfSatisfying(SwitchOutcome.Refused.class, refused -> assertThat(refused.reason())
                .isEqualTo(SwitchOutcome.Reason.SWITCH_LIMIT));
        assertThat(recorder.all(AgentEvent.TransportLost.class))
                .singleElement()
                .extracting(AgentEvent.TransportLost::cause)
                .isEqualTo(AgentEvent.LossCause.REQUESTED);
    }
}
