package io.jumpingvpn.protocol.wire;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.Arrays;
import java.util.HexFormat;

/** A pure Ed25519 signature (RFC 8032). Always the last field of a signed frame. */
public final class Signature {

    public static final int LENGTH = 64;

    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Signature of(byte[] bytes) {
        return new Signature(Bytes.exact(bytes, LENGTH, "Ed25519 signature"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(FrameWriter out) {
        out.bytes(bytes);
    }

    /**
     * Sixty-four zero bytes: stands in while the bytes to sign are computed (the signature field is not part of
     * them). It never verifies.
     */
    public static final Signature UNSIGNED = new Signature(new byte[LENGTH]);

    @Override
    public boolean equals(Object other) {
        return other instanceof Signature that && Bytes.constantTimeEquals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Signature[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
