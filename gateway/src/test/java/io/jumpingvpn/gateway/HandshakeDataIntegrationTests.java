package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.SessionState;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandshakeDataIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = GatewayFixture.start(temp);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = TransportKind.class,
            names = {"UDP", "TCP"})
    void aHandshakeCreatesTheSessionAndDataIsEchoed(TransportKind kind) {
        try (var agent = fixture.agent(kind)) {
            var attachment = agent.attach();

            assertThat(attachment.version()).isEqualTo(1);
            var record = fixture.record(attachment.sessionId());
            assertThat(record.state()).isEqualTo(SessionState.ATTACHED);
            assertThat(record.version()).isEqualTo(1);
            assertThat(record.owner()).isEqualTo(fixture.gateway.nodeRef());
            assertThat(record.binding().toString())
                    .isEqualTo(kind.scheme() + "://127.0.0.1:"
                            + agent.localAddress().getPort());
            assertThat(record.agentKey().bytes())
                    .isEqualTo(fixture.agentKeys.agentKey().publicKey().bytes());

            var random = new Random(7);
            for (int i = 0; i < 5; i++) {
                var payload = new byte[1200];
                random.nextBytes(payload);
                agent.sendData(payload);
                assertThat(agent.expectData(WAIT)).isEqualTo(payload);
            }

            long sequence = agent.heartbeat(1);
            var ack = agent.expectMessage(HeartbeatAck.class, WAIT);
            assertThat(ack.sequence()).isEqualTo(sequence);
            assertThat(ack.version()).isEqualTo(1);

            var view = fixture.gateway.session(record.id()).orElseThrow();
            assertThat(view.state()).isEqualTo(io.jumpingvpn.protocol.state.SessionState.ATTACHED);
            assertThat(view.version()).isEqualTo(1);
            assertThat(view.binding()).contains(record.binding());
            assertThat(view.transportless()).isEmpty();
        }
        assertThat(fixture.count("jvpn.gateway.handshakes", "result", "ACCEPTED"))
                .isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.audit.events(AuditEventType.STATE_CHANGE))
                .anySatisfy(event -> {
                    assertThat(event.fields()).containsEntry("from", "BIRTH").containsEntry("to", "ATTACHED");
                    assertThat(event.stateVersion()).hasValue(1);
                }));
    }

    @Test
    void theSameInitAgainGetsTheSameAck() {
        try (var agent = fixture.udpAgent()) {
            var pending = agent.crypto().startHandshake();
            agent.send(pending.init());
            var first = agent.expect(HandshakeAck.class, WAIT);
            agent.send(pending.init());
            var second = agent.expect(HandshakeAck.class, WAIT);

            assertThat(FrameCodec.encode(second)).isEqualTo(FrameCodec.encode(first));
            assertThat(pending.complete(first)).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(fixture.gateway.sessions()).hasSize(1);
        }
    }

    @Test
    void anAgentOutsideTheAllowlistIsRefusedAuthFail() {
        var stranger = new KeyDirectory.AgentKeys(
                IdentityKeyPair.generate(new SecureRandom()), fixture.agentKeys.gatewayKey());
        try (var agent = TestAgent.udp(fixture.udp(), stranger)) {
            var outcome = agent.handshake();

            assertThat(outcome).isEqualTo(new ReplyOutcome.Rejected(RejectCode.AUTH_FAIL, OptionalLong.empty()));
        }
        assertThat(fixture.gateway.sessions()).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.audit.events(AuditEventType.SECURITY_EVENT))
                .anySatisfy(event -> assertThat(event.reasonCode()).contains("AUTH_FAIL")));
    }

    @Test
    void aStaleTimestampIsRefusedFreshnessInvalid() {
        var skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        try (var agent = TestAgent.over(
                TransportKind.UDP, fixture.udp(), fixture.agentKeys, InetAddress.getLoopbackAddress(), skewed)) {
            var outcome = agent.handshake();

            assertThat(outcome)
                    .isEqualTo(new ReplyOutcome.Rejected(RejectCode.FRESHNESS_INVALID, OptionalLong.empty()));
        }
        assertThat(fixture.gateway.sessions()).isEmpty();
    }
}
