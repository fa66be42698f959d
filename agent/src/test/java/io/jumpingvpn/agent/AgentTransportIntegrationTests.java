package io.jumpingvpn.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.testing.Recorder;
import io.jumpingvpn.agent.testing.ScriptedGateway;
import io.jumpingvpn.agent.testing.ScriptedGateway.HandshakeScript;
import io.jumpingvpn.agent.testing.SessionTable;
import io.jumpingvpn.agent.testing.TestKeys;
import io.jumpingvpn.agent.testing.TestPolicies;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transports and quality against scripted gateways: TCP framing, switching kinds, volatility, voluntary switches. */
class AgentTransportIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestKeys keys = TestKeys.generate();
    private final SessionTable table = new SessionTable(keys.gatewayKeys(), TestPolicies.steady(), "session-three");
    private final Recorder recorder = new Recorder();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (var closeable : closeables.reversed()) {
            closeable.close();
        }
    }

    private ScriptedGateway gateway(TransportKind kind) throws IOException {
        var gateway = kind == TransportKind.UDP ? ScriptedGateway.udp(table) : ScriptedGateway.tcp(table);
        closeables.add(gateway);
        return gateway;
    }

    private Agent start(ScriptedGateway... gateways) throws IOException {
        return start(TestPolicies.steady(), gateways);
    }

    private Agent start(Policy policy, ScriptedGateway... gateways) throws IOException {
        var builder = AgentConfig.builder()
                .keys(keys.agentKeys())
                .policy(policy)
                .listener(recorder)
                .dataHandler(recorder);
        for (var gateway : gateways) {
            builder.gateway(gateway.candidate());
        }
        var agent = Agent.start(builder.build());
        closeables.add(agent);
        return agent;
    }

    @Test
    void tcpCarriesTheSessionWithLengthPrefixedFrames() throws Exception {
        var gateway = gateway(TransportKind.TCP);
        var agent = start(gateway);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);

        var big = new byte[9_000];
        big[0] = 1;
        big[8_999] = 2;
        assertThat(agent.send(ByteBuffer.wrap(big))).isTrue();

        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(big);
        await().atMost(WAIT).until(() -> gateway.heartbeats.size() >= 3);
        assertThat(agent.status().candidate()).contains(gateway.candidate());
    }

    @Test
    void aKilledTcpTransportIsReplacedByUdp() throws Exception {
        var tcp = gateway(TransportKind.TCP);
        var udp = gateway(TransportKind.UDP);
        var agent = start(tcp, udp);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(agent.status().candidate()).contains(tcp.candidate());

        agent.killTransport();

        await().atMost(WAIT).until(() -> agent.status().counts().reattaches() == 1);
        assertThat(recorder.all(AgentEvent.TransportSwitched.class))
                .singleElement()
                .satisfies(switched -> {
                    assertThat(switched.previous()).isEqualTo(tcp.candidate());
                    assertThat(switched.current()).isEqualTo(udp.candidate());
                    assertThat(switched.version()).isEqualTo(3);
                });
        assertThat(udp.reattachRequests)
                .singleElement()
                .satisfies(request -> assertThat(request.candidate().kind()).isEqualTo(TransportKind.UDP));
        assertThat(agent.send(ByteBuffer.wrap(new byte[] {9}))).isTrue();
        assertThat(recorder.data.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(9);
    }

    @Test
    void heartbeatLossMakesTheSessionVolatileThenDegradedThenAttachedAgain() throws Exception {
        var gateway = gateway(TransportKind.UDP);
        var agent = start(TestPolicies.fast(), gateway);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);

        // Every other answer lost: loss 0.5 over the window, but never silent long enough to be dead.
        gateway.dropAnswerTo = sequence -> sequence % 2 == 0;

        await().atMost(WAIT).until(() -> agent.status().state() == SessionState.DEGRADED);
        assertThat(gateway.proposals)
                .extracting(StateUpdate::event)
                .startsWith(SessionEvent.QUALITY_BELOW_FLOOR)
                .contains(SessionEvent.VOLATILITY_PERSISTED);
        assertThat(recorder.states())
                .containsExactly(SessionState.ATTACHED, SessionState.VOLATILE, SessionState.DEGRADED);
        assertThat(recorder.stateVersions()).containsExactly(1L, 2L, 3L);
        assertThat(recorder.all(AgentEvent.StateChanged.class)).allMatch(AgentEvent.StateChanged::committed);
        // The agent confirms each commit in its heartbeats.
        await().atMost(WAIT).until(() -> gateway.heartbeats.getLast().confirmedVersion() == 3);

        gateway.dropAnswerTo = sequence -> false;

        await().atMost(WAIT).until(() -> agent.status().state() == SessionState.ATTACHED);
        assertThat(agent.status().confirmedVersion()).isEqualTo(4);
        assertThat(recorder.all(AgentEvent.TransportLost.class)).isEmpty();
        assertThat(table.version()).isEqualTo(4);
    }

    @Test
    void aVolatileTransportIsLeftForABetterCandidate() throws Exception {
        var lossy = gateway(TransportKind.UDP);
        var clean = gateway(TransportKind.UDP);
        var agent = start(TestPolicies.fast(), lossy, clean);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(agent.status().candidate()).contains(lossy.candidate());

        lossy.dropAnswerTo = sequence -> sequence % 2 == 0;

        await().atMost(WAIT)
                .until(() -> agent.status().counts().reattaches() == 1
                        && agent.status().state() == SessionState.ATTACHED);
        assertThat(agent.status().candidate()).contains(clean.candidate());
        assertThat(recorder.all(AgentEvent.TransportLost.class)).singleElement().satisfies(lost -> {
            assertThat(lost.cause()).isEqualTo(AgentEvent.LossCause.BETTER_CANDIDATE);
            assertThat(lost.loss()).isGreaterThanOrEqualTo(TestPolicies.fast().lossVolatileThreshold());
        });
        // VOLATILE@2 committed live, then RECOVERING (local) and ATTACHED@4 by the reattach at the clean node.
        assertThat(clean.reattachRequests).singleElement().satisfies(request -> assertThat(request.expectedVersion())
                .isEqualTo(2));
        assertThat(agent.status().confirmedVersion()).isEqualTo(4);
    }

    @Test
    void aCommitTheGatewayMakesOnItsOwnIsAdoptedAndConfirmed() throws Exception {
        var gateway = gateway(TransportKind.UDP);
        var agent = start(TestPolicies.fast(), gateway);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        gateway.commitProposals = false;

        gateway.commitOnOwnInitiative(SessionState.ATTACHED, SessionEvent.QUALITY_BELOW_FLOOR, SessionState.VOLATILE);

        await().atMost(WAIT).until(() -> gateway.heartbeats.getLast().confirmedVersion() == 2);
        assertThat(agent.status().state()).isEqualTo(SessionState.VOLATILE);
        // The agent's own measurements are good: it proposes the way back, again until the gateway commits it.
        await().atMost(WAIT).until(() -> gateway.proposals.size() >= 2);
        assertThat(gateway.proposals).allSatisfy(proposal -> {
            assertThat(proposal.event()).isEqualTo(SessionEvent.QUALITY_RESTORED);
            assertThat(proposal.version()).isEqualTo(2);
        });
        gateway.commitProposals = true;
        await().atMost(WAIT)
                .until(() -> agent.status().state() == SessionState.ATTACHED
                        && agent.status().confirmedVersion() == 3);
        assertThat(recorder.states())
                .containsExactly(SessionState.ATTACHED, SessionState.VOLATILE, SessionState.ATTACHED);
    }

    @Test
    void aTerminateFromTheGatewayEndsTheSessionWithItsCode() throws Exception {
        var gateway = gateway(TransportKind.UDP);
        var agent = start(gateway);
        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);

        gateway.terminate(TerminationCode.SESSION_TTL_EXPIRED);

        var end = agent.ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(end)
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.SESSION_TTL_EXPIRED));
        // The agent does not answer a termination with another.
        assertThat(gateway.terminations).isEmpty();
    }

    @Test
    void aCookieChallengeIsAnsweredWithTheCookie() throws Exception {
        var gateway = gateway(TransportKind.UDP);
        gateway.onHandshake = new HandshakeScript.CookieFirst();
        var agent = start(gateway);

        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(gateway.handshakes)
                .extracting(init -> init.cookie().isPresent())
                .contains(false, true);
        assertThat(gateway.handshakes)
                .extracting(init -> init.handshakeId())
                .containsOnly(gateway.handshakes.getFirst().handshakeId());
    }

    @Test
    void aRefusedHandshakeIsAFailedBirth() throws Exception {
        var gateway = gateway(TransportKind.UDP);
        gateway.onHandshake = new HandshakeScript.Reject(RejectCode.AUTH_FAIL);
        var agent = start(gateway);

        var outcome = agent.awaitAttached(WAIT);

        assertThat(outcome).isInstanceOfSatisfying(AttachOutcome.Ended.class, ended -> assertThat(ended.end())
                .isEqualTo(new AgentEnd.BirthFailed(
                        "the gateway refused the handshake with AUTH_FAIL", Optional.of(RejectCode.AUTH_FAIL))));
        assertThat(agent.status().sessionId()).isEmpty();
    }

    @Test
    void aBusyGatewayIsAskedAgainUntilItAccepts() throws Exception {
        var gateway = gateway(TransportKind.UDP);
        gateway.onHandshake = new HandshakeScript.Reject(RejectCode.STORE_UNAVAILABLE);
        var agent = start(gateway);
        await().atMost(WAIT).until(() -> gateway.handshakes.size() >= 2);

        gateway.onHandshake = new HandshakeScript.Accept();

        assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
    }
}
