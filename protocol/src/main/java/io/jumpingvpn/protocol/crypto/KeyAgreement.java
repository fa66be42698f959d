package io.jumpingvpn.protocol.crypto;

import io.jumpingvpn.protocol.internal.Labels;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.SignedFrame;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The key schedule (docs/protocol.md, "Cryptography"):
 *
 * <pre>
 * shared = X25519(own ephemeral secret, peer ephemeral public)      refused if all zero (low-order peer key)
 * th     = SHA-256(TRANSCRIPT label || gateway identity key || request frame || reply frame without its signature)
 * k_a2g  = HKDF-SHA256(ikm = shared, salt = th, info = KEY_AGENT_TO_GATEWAY label, 32 bytes)
 * k_g2a  = HKDF-SHA256(ikm = shared, salt = th, info = KEY_GATEWAY_TO_AGENT label, 32 bytes)
 * reply signature = Ed25519(gateway key, REPLY_SIGNATURE label || th)
 * </pre>
 */
final class KeyAgreement {

    static final int SHARED_LENGTH = 32;

    private KeyAgreement() {}

    /** A fresh X25519 secret: 32 bytes from {@code random} (clamped by X25519 itself). */
    static X25519PrivateKeyParameters newEphemeral(SecureRandom random) {
        byte[] secret = new byte[X25519PrivateKeyParameters.KEY_SIZE];
        random.nextBytes(secret);
        var key = new X25519PrivateKeyParameters(secret, 0);
        Arrays.fill(secret, (byte) 0);
        return key;
    }

    static EphemeralKey publicOf(X25519PrivateKeyParameters secret) {
        return EphemeralKey.of(secret.generatePublicKey().getEncoded());
    }

    /** The X25519 shared secret, or empty when the peer key is a low-order point (all-zero result). */
    static Optional<byte[]> shared(X25519PrivateKeyParameters secret, EphemeralKey peer) {
        var out = new byte[SHARED_LENGTH];
        try {
            secret.generateSecret(new X25519PublicKeyParameters(peer.bytes(), 0), out, 0);
        } catch (IllegalStateException lowOrderPoint) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** The transcript hash of a request and the reply that answers it. */
    static byte[] transcript(IdentityKey gatewayKey, Frame request, SignedFrame reply) {
        var digest = new SHA256Digest();
        update(digest, Labels.TRANSCRIPT);
        update(digest, gatewayKey.bytes());
        update(digest, FrameCodec.encode(request));
        update(digest, FrameCodec.signedPart(reply));
        var hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return hash;
    }

    /** The message the gateway signs in a reply: the REPLY_SIGNATURE label, then the transcript hash. */
    static byte[] replySignedMessage(byte[] transcript) {
        return concat(Labels.REPLY_SIGNATURE, transcript);
    }

    static TrafficKeys trafficKeys(byte[] shared, byte[] transcript) {
        return new TrafficKeys(
                hkdf(shared, transcript, Labels.KEY_AGENT_TO_GATEWAY, TrafficKeys.KEY_LENGTH),
                hkdf(shared, transcript, Labels.KEY_GATEWAY_TO_AGENT, TrafficKeys.KEY_LENGTH));
    }

    /** HKDF-SHA256 (RFC 5869), extract then expand to {@code length} bytes. */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        var key = new byte[length];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    static byte[] concat(byte[] first, byte[] second) {
        var out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static void update(SHA256Digest digest, byte[] bytes) {
        digest.update(bytes, 0, bytes.length);
    }
}
