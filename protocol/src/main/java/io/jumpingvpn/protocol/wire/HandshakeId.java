package io.jumpingvpn.protocol.wire;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.Arrays;
import java.util.HexFormat;

/** The random 16-byte id an agent gives one handshake; the gateway's answers echo it. */
public final class HandshakeId {

    public static final int LENGTH = 16;

    private final byte[] bytes;

    private HandshakeId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static HandshakeId of(byte[] bytes) {
        return new HandshakeId(Bytes.exact(bytes, LENGTH, "handshake id"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(FrameWriter out) {
        out.bytes(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HandshakeId that && Bytes.constantTimeEquals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HandshakeId[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
