package io.jumpingvpn.protocol.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes big-endian fields at a buffer's position, advancing it. */
final class FrameWriter {

    private final ByteBuffer out;

    FrameWriter(ByteBuffer out) {
        this.out = out;
    }

    FrameWriter header(MessageType type) {
        out.put((byte) WireFormat.MAGIC).put((byte) WireFormat.VERSION).put((byte) type.wireValue());
        return this;
    }

    FrameWriter u8(int value) {
        out.put((byte) value);
        return this;
    }

    FrameWriter u16(int value) {
        out.putShort((short) value);
        return this;
    }

    FrameWriter u32(int value) {
        out.putInt(value);
        return this;
    }

    FrameWriter u64(long value) {
        out.putLong(value);
        return this;
    }

    FrameWriter bytes(byte[] value) {
        out.put(value);
        return this;
    }

    /** A length byte, then the ASCII bytes. */
    FrameWriter shortAscii(String value) {
        out.put((byte) value.length()).put(value.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    FrameWriter candidate(Candidate candidate) {
        return u8(candidate.kind().wireValue()).shortAscii(candidate.endpoint());
    }

    FrameWriter terms(SessionTerms terms) {
        return u32(terms.heartbeatIntervalMs())
                .u32(terms.heartbeatVolatileMs())
                .u32(terms.transportLostTtlMs())
                .u32(terms.sessionRemainingMs())
                .u32(terms.replayWindow());
    }
}
