package io.jumpingvpn.protocol.wire;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.Arrays;
import java.util.HexFormat;

/** A stateless cookie: a MAC over the agent's source address under a rotating gateway secret (see {@code CookieJar}). */
public final class Cookie {

    public static final int LENGTH = 16;

    private final byte[] bytes;

    private Cookie(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Cookie of(byte[] bytes) {
        return new Cookie(Bytes.exact(bytes, LENGTH, "cookie"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(FrameWriter out) {
        out.bytes(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cookie that && Bytes.constantTimeEquals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Cookie[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
