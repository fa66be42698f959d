package io.jumpingvpn.protocol.wire;

import io.jumpingvpn.protocol.keys.IdentityKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads big-endian fields from a frame with bounds checks. Every failure is a {@link MalformedFrame} naming the
 * offset. Uses absolute reads: the buffer's position and limit are never changed.
 */
final class FrameReader {

    private final ByteBuffer buffer;
    private final int start;
    private final int end;
    private int position;

    FrameReader(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
        this.position = start;
    }

    int offset() {
        return position - start;
    }

    int remaining() {
        return end - position;
    }

    private int take(int length, String field) {
        if (remaining() < length) {
            throw new MalformedFrame(
                    DropReason.TRUNCATED,
                    field + " needs " + length + " bytes at offset " + offset() + ", " + remaining() + " left");
        }
        int at = position;
        position += length;
        return at;
    }

    int u8(String field) {
        return buffer.get(take(1, field)) & 0xff;
    }

    int u16(String field) {
        return buffer.getShort(take(2, field)) & 0xffff;
    }

    long u32(String field) {
        return buffer.getInt(take(4, field)) & 0xffff_ffffL;
    }

    /** A u32 that must fit a non-negative int. */
    int u31(String field) {
        long value = u32(field);
        if (value > Integer.MAX_VALUE) {
            throw fieldError(field, "value " + value + " is above " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** A u64 that must fit a non-negative long. */
    long u63(String field) {
        int at = offset();
        long value = buffer.getLong(take(8, field));
        if (value < 0) {
            throw new MalformedFrame(DropReason.BAD_FIELD, field + " at offset " + at + " has the top bit set");
        }
        return value;
    }

    byte[] bytes(int length, String field) {
        int at = take(length, field);
        var copy = new byte[length];
        buffer.get(at, copy);
        return copy;
    }

    IdentityKey identityKey(String field) {
        return IdentityKey.of(bytes(IdentityKey.LENGTH, field));
    }

    EphemeralKey ephemeralKey(String field) {
        return EphemeralKey.of(bytes(EphemeralKey.LENGTH, field));
    }

    HandshakeId handshakeId() {
        return HandshakeId.of(bytes(HandshakeId.LENGTH, "handshake id"));
    }

    Signature signature() {
        return Signature.of(bytes(Signature.LENGTH, "signature"));
    }

    /** A length byte (1 to max) followed by that many ASCII bytes. */
    String shortAscii(String field, int max) {
        int at = offset();
        int length = u8(field + " length");
        if (length < 1 || length > max) {
            throw new MalformedFrame(
                    DropReason.BAD_LENGTH, field + " length " + length + " at offset " + at + " is not in 1.." + max);
        }
        // ISO-8859-1 maps every byte to one char, so non-ASCII bytes survive to the field check and fail it there.
        return new String(bytes(length, field), StandardCharsets.ISO_8859_1);
    }

    String sessionId() {
        return shortAscii("session id", WireFormat.MAX_SESSION_ID_LENGTH);
    }

    Candidate candidate(String field) {
        int kindAt = offset();
        int kindValue = u8(field + " kind");
        var kind = TransportKind.fromWire(kindValue)
                .orElseThrow(() -> fieldError(field + " kind", "unknown value " + kindValue + " at offset " + kindAt));
        return new Candidate(kind, shortAscii(field + " endpoint", WireFormat.MAX_ENDPOINT_LENGTH));
    }

    SessionTerms terms() {
        return new SessionTerms(
                u31("heartbeat interval"),
                u31("heartbeat volatile"),
                u31("transport lost ttl"),
                u31("session remaining"),
                u31("replay window"));
    }

    void end() {
        if (remaining() != 0) {
            throw new MalformedFrame(
                    DropReason.TRAILING_BYTES, remaining() + " bytes after the last field at offset " + offset());
        }
    }

    static MalformedFrame fieldError(String field, String problem) {
        return new MalformedFrame(DropReason.BAD_FIELD, field + ": " + problem);
    }
}
