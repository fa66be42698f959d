package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import io.jumpingvpn.protocol.internal.Labels;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Stateless cookies for a gateway under handshake load (the WireGuard idea). When the gateway decides it is under load
 * it answers a HANDSHAKE_INIT that carries no valid cookie with {@link #challenge}, at the cost of one MAC and without
 * keeping state; the agent repeats its INIT with the cookie; {@link #isValid} admits it to the expensive checks. A
 * cookie proves the sender receives traffic at its source address, so a spoofing flood cannot get past it.
 *
 * <pre>
 * cookie = first 16 bytes of HMAC-SHA256(secret, COOKIE label || address bytes (4 or 16) || port (u16))
 * </pre>
 *
 * The secret is random, replaced every {@code rotation}; cookies made under the previous secret stay valid, so a
 * cookie lives between one and two rotations. Thread-safe.
 */
public final class CookieJar {

    /** WireGuard's choice: two minutes. */
    public static final Duration DEFAULT_ROTATION = Duration.ofMinutes(2);

    private static final int SECRET_LENGTH = 32;

    private final Clock clock;
    private final SecureRandom random;
    private final long rotationMs;
    private byte[] current;
    private byte[] previous;
    private long rotatedAtMs;

    public CookieJar(Clock clock, SecureRandom random, Duration rotation) {
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        this.rotationMs = requireNonNull(rotation, "rotation").toMillis();
        if (rotationMs < 1) {
            throw new IllegalArgumentException("rotation must be at least 1 ms, got " + rotation);
        }
        this.current = freshSecret();
        this.previous = freshSecret();
        this.rotatedAtMs = clock.millis();
    }

    /** The challenge answering {@code init}, which arrived from {@code source}. */
    public CookieChallenge challenge(HandshakeInit init, InetSocketAddress source) {
        requireNonNull(init, "init");
        return new CookieChallenge(init.handshakeId(), Cookie.of(mac(secrets()[0], source)));
    }

    /** Whether {@code init} carries a cookie made for {@code source} under the current or the previous secret. */
    public boolean isValid(HandshakeInit init, InetSocketAddress source) {
        requireNonNull(init, "init");
        requireNonNull(source, "source");
        if (init.cookie().isEmpty()) {
            return false;
        }
        var presented = init.cookie().get().bytes();
        var secrets = secrets();
        boolean matchesCurrent = Bytes.constantTimeEquals(presented, mac(secrets[0], source));
        boolean matchesPrevious = Bytes.constantTimeEquals(presented, mac(secrets[1], source));
        return matchesCurrent | matchesPrevious;
    }

    /** The current and previous secrets, rotated first if their time has come. */
    private synchronized byte[][] secrets() {
        long now = clock.millis();
        long elapsed = now - rotatedAtMs;
        if (elapsed >= 2 * rotationMs || elapsed < 0) {
            previous = freshSecret();
            current = freshSecret();
            rotatedAtMs = now;
        } else if (elapsed >= rotationMs) {
            previous = current;
            current = freshSecret();
            rotatedAtMs = now;
        }
        return new byte[][] {current, previous};
    }

    private byte[] freshSecret() {
        var secret = new byte[SECRET_LENGTH];
        random.nextBytes(secret);
        return secret;
    }

    private static byte[] mac(byte[] secret, InetSocketAddress source) {
        requireNonNull(source, "source");
        if (source.isUnresolved()) {
            throw new IllegalArgumentException("source must be a resolved address, got " + source);
        }
        var address = source.getAddress().getAddress();
        var hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(secret));
        hmac.update(Labels.COOKIE, 0, Labels.COOKIE.length);
        hmac.update(address, 0, address.length);
        hmac.update((byte) (source.getPort() >>> 8));
        hmac.update((byte) source.getPort());
        var out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return Arrays.copyOf(out, Cookie.LENGTH);
    }
}
