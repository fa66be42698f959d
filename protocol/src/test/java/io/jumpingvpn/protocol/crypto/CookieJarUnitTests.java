package io.jumpingvpn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.testing.MutableClock;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CookieJarUnitTests {

    private static final Duration ROTATION = Duration.ofMinutes(2);

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(1_767_225_600_000L);
    private final CookieJar jar = new CookieJar(clock, random, ROTATION);
    private final AgentCrypto agent = new AgentCrypto(
            IdentityKeyPair.generate(random), IdentityKeyPair.generate(random).publicKey(), clock, random);
    private final InetSocketAddress source = new InetSocketAddress("192.0.2.1", 40000);

    @Test
    void aCookieAdmitsTheAnsweredInitFromItsSourceOnly() {
        var pending = agent.startHandshake();
        assertThat(jar.isValid(pending.init(), source)).isFalse();

        var challenge = jar.challenge(pending.init(), source);
        assertThat(challenge.handshakeId()).isEqualTo(pending.handshakeId());
        var answered = pending.answer(challenge).orElseThrow();

        assertThat(jar.isValid(answered, source)).isTrue();
        assertThat(jar.isValid(answered, new InetSocketAddress("192.0.2.1", 40001)))
                .isFalse();
        assertThat(jar.isValid(answered, new InetSocketAddress("192.0.2.2", 40000)))
                .isFalse();
        assertThat(jar.isValid(answered, new InetSocketAddress("::ffff:c000:201", 40000)))
                .isTrue(); // the JDK maps IPv4-mapped IPv6 to the IPv4 address
        assertThat(jar.isValid(answered, new InetSocketAddress("2001:db8::1", 40000)))
                .isFalse();
        assertThat(new CookieJar(clock, random, ROTATION).isValid(answered, source))
                .as("another gateway's secret")
                .isFalse();
    }

    @Test
    void aCookieLivesBetweenOneAndTwoRotations() {
        var pending = agent.startHandshake();
        var answered = pending.answer(jar.challenge(pending.init(), source)).orElseThrow();

        clock.advance(ROTATION.minusMillis(1));
        assertThat(jar.isValid(answered, source)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(jar.isValid(answered, source))
                .as("made under the previous secret")
                .isTrue();
        clock.advance(ROTATION);
        assertThat(jar.isValid(answered, source)).as("two rotations later").isFalse();

        var fresh = agent.startHandshake();
        var freshAnswer = fresh.answer(jar.challenge(fresh.init(), source)).orElseThrow();
        clock.advance(ROTATION.multipliedBy(5));
        assertThat(jar.isValid(freshAnswer, source)).as("after a long idle gap").isFalse();
    }
}
