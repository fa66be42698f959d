package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshake floods: per-source buckets keep one source from starving another, and under load an INIT must carry a
 * cookie for its source address (a stateless round trip, no signature checked before it).
 */
class FloodIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FLOOD = 300;

    @TempDir
    Path temp;

    /** A second source address on loopback: Linux routes all of 127.0.0.0/8 to the loopback interface. */
    private static InetAddress otherSource() throws Exception {
        return InetAddress.getByName("127.0.0.2");
    }

    @Test
    void aHandshakeFloodFromOneSourceDoesNotStopAnotherAgentFromAttaching() throws Exception {
        var flood = FloodSettings.DEFAULT.withHandshakes(1, 5).withCookieThreshold(100_000);
        try (var fixture = GatewayFixture.start(temp, b -> b.flood(flood));
                var flooder = fixture.udpAgent();
                var victim = TestAgent.over(
                        TransportKind.UDP, fixture.udp(), fixture.agentKeys, otherSource(), Clock.systemUTC())) {
            for (int i = 0; i < FLOOD; i++) {
                flooder.send(flooder.crypto().startHandshake().init());
            }

            var outcome = victim.handshake();

            assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
            victim.sendData(new byte[] {42});
            assertThat(victim.expectData(WAIT)).containsExactly(42);
            assertThat(fixture.count("jvpn.gateway.rate.limited", "kind", "HANDSHAKE"))
                    .isGreaterThanOrEqualTo(FLOOD - 5 - 2);
            // The flood's refusals cost signatures: only a few were answered, the rest dropped and counted.
            assertThat(fixture.count("jvpn.gateway.unanswered", "kind", "HANDSHAKE"))
                    .isGreaterThan(FLOOD / 2.0);
            assertThat(fixture.count("jvpn.gateway.handshakes", "result", "ACCEPTED"))
                    .isLessThanOrEqualTo(5 + 2 + 1);
        }
    }

    @Test
    void underLoadAnInitNeedsACookieForItsSourceAddress() {
        var flood = FloodSettings.DEFAULT.withCookieThreshold(0);
        try (var fixture = GatewayFixture.start(temp, b -> b.flood(flood));
                var agent = fixture.udpAgent()) {
            var pending = agent.crypto().startHandshake();
            agent.send(pending.init());
            var challenge = agent.expect(CookieChallenge.class, WAIT);
            assertThat(challenge.handshakeId()).isEqualTo(pending.handshakeId());

            // A made-up cookie is challenged again, before any signature is checked.
            var forged = new CookieChallenge(pending.handshakeId(), Cookie.of(new byte[Cookie.LENGTH]));
            agent.send(pending.answer(forged).orElseThrow());
            agent.expect(CookieChallenge.class, WAIT);
            assertThat(fixture.count("jvpn.gateway.handshakes")).isZero();

            agent.send(pending.answer(challenge).orElseThrow());
            var ack = agent.expect(HandshakeAck.class, WAIT);
            assertThat(pending.complete(ack)).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(fixture.count("jvpn.gateway.cookie.challenges")).isEqualTo(2);
        }
    }

    @Test
    void aFloodAboveTheThresholdTurnsCookiesOnAndAnotherAgentStillAttaches() throws Exception {
        var flood = FloodSettings.DEFAULT.withHandshakes(10_000, 10_000).withCookieThreshold(20);
        try (var fixture = GatewayFixture.start(temp, b -> b.flood(flood))) {
            var strangerKeys = new KeyDirectory.AgentKeys(
                    IdentityKeyPair.generate(new SecureRandom()), fixture.agentKeys.gatewayKey());
            try (var flooder = TestAgent.udp(fixture.udp(), strangerKeys);
                    var agent = TestAgent.over(
                            TransportKind.UDP, fixture.udp(), fixture.agentKeys, otherSource(), Clock.systemUTC())) {
                for (int i = 0; i < 100; i++) {
                    flooder.send(flooder.crypto().startHandshake().init());
                }
                var pending = agent.crypto().startHandshake();
                agent.send(pending.init());
                var challenge = agent.expect(CookieChallenge.class, WAIT);
                agent.send(pending.answer(challenge).orElseThrow());
                assertThat(pending.complete(agent.expect(HandshakeAck.class, WAIT)))
                        .isInstanceOf(ReplyOutcome.Established.class);
            }
            assertThat(fixture.count("jvpn.gateway.cookie.challenges")).isGreaterThan(1);
        }
    }
}
