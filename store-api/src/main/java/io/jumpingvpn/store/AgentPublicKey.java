package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public key an agent proves possession of. The store keeps only public material; no secret ever reaches it. The
 * store does not interpret the bytes (the protocol uses 32-byte Ed25519 keys).
 */
public final class AgentPublicKey {

    private static final int MAX_LENGTH = 256;

    private final byte[] bytes;

    private AgentPublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static AgentPublicKey of(byte[] bytes) {
        requireNonNull(bytes, "bytes");
        return new AgentPublicKey(checkLength(bytes).clone());
    }

    /** Parses the unpadded base64url form that {@link #toString()} produces. */
    public static AgentPublicKey fromBase64(String text) {
        requireNonNull(text, "text");
        try {
            // The decoder's array is fresh and nobody else holds it: no defensive copy needed.
            return new AgentPublicKey(checkLength(Base64.getUrlDecoder().decode(text)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent public key is not valid base64url: " + e.getMessage(), e);
        }
    }

    private static byte[] checkLength(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "agent public key must be 1 to " + MAX_LENGTH + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentPublicKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Unpadded base64url. */
    @Override
    public String toString() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
