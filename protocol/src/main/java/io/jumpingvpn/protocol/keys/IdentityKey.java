package io.jumpingvpn.protocol.keys;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of an Ed25519 identity (RFC 8032): 32 bytes. Building one only checks the length, so that decoding a
 * frame never pays for point decompression; a key that is not a valid curve point simply never verifies anything
 * ({@link #isValidPoint()} tells early, for key files).
 */
public final class IdentityKey {

    public static final int LENGTH = 32;

    private final byte[] bytes;
    private volatile Ed25519PublicKeyParameters parsed;

    private IdentityKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static IdentityKey of(byte[] bytes) {
        return new IdentityKey(Bytes.exact(bytes, LENGTH, "Ed25519 public key"));
    }

    /** Parses the unpadded base64url form that {@link #toString()} produces (43 characters). */
    public static IdentityKey parse(String base64Url) {
        requireNonNull(base64Url, "base64Url");
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Ed25519 public key is not base64url: '" + Bytes.printable(base64Url)
                    + "' (" + e.getMessage() + ")");
        }
        if (decoded.length != LENGTH) {
            throw new IllegalArgumentException(
                    "Ed25519 public key must decode to " + LENGTH + " bytes, got " + decoded.length);
        }
        return new IdentityKey(decoded);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the bytes encode a point on the curve (a key that is not can never verify a signature). */
    public boolean isValidPoint() {
        return parsed() != null;
    }

    /** Verifies a pure Ed25519 signature over exactly {@code message}. Never throws for malformed input. */
    public boolean verify(byte[] message, byte[] signature) {
        requireNonNull(message, "message");
        requireNonNull(signature, "signature");
        var key = parsed();
        if (key == null || signature.length != IdentityKeyPair.SIGNATURE_LENGTH) {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    private Ed25519PublicKeyParameters parsed() {
        var key = parsed;
        if (key != null) {
            return key;
        }
        try {
            key = new Ed25519PublicKeyParameters(bytes, 0);
        } catch (IllegalArgumentException notAPoint) {
            return null;
        }
        parsed = key;
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Unpadded base64url, the form used in key files, the allowlist and the store record. */
    @Override
    public String toString() {
        return Bytes.base64Url(bytes);
    }
}
