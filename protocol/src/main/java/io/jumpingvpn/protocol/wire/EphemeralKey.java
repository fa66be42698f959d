package io.jumpingvpn.protocol.wire;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.Arrays;
import java.util.HexFormat;

/** A fresh X25519 public key (RFC 7748), one per attachment attempt. The secret half never leaves the object that made it. */
public final class EphemeralKey {

    public static final int LENGTH = 32;

    private final byte[] bytes;

    private EphemeralKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static EphemeralKey of(byte[] bytes) {
        return new EphemeralKey(Bytes.exact(bytes, LENGTH, "X25519 public key"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(FrameWriter out) {
        out.bytes(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EphemeralKey that && Bytes.constantTimeEquals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "EphemeralKey[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
