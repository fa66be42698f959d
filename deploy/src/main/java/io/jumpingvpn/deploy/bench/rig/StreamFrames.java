package io.jumpingvpn.deploy.bench.rig;

import java.nio.ByteBuffer;
import java.util.Optional;

/** Cuts 2-byte length-prefixed frames (the protocol's TCP framing) out of a receive buffer. */
public final class StreamFrames {

    private StreamFrames() {}

    /**
     * The next whole frame in {@code stream} (in write mode: bytes received so far from index 0), removed from it;
     * empty while the frame is incomplete.
     */
    public static Optional<byte[]> next(ByteBuffer stream) {
        if (stream.position() < 2) {
            return Optional.empty();
        }
        int length = stream.getShort(0) & 0xffff;
        if (stream.position() < 2 + length) {
            return Optional.empty();
        }
        var frame = new byte[length];
        stream.get(2, frame);
        stream.flip().position(2 + length);
        stream.compact();
        return Optional.of(frame);
    }

    /** {@code frame} behind its length prefix, ready to write. */
    public static ByteBuffer prefixed(byte[] frame) {
        return ByteBuffer.allocate(2 + frame.length)
                .putShort((short) frame.length)
                .put(frame)
                .flip();
    }
}
