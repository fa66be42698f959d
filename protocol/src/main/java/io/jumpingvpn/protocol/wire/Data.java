package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Tunnelled payload: one datagram of the agent's local traffic, or its reply. Immutable. */
public final class Data implements TunnelMessage {

    private final byte[] payload;

    private Data(byte[] payload) {
        if (payload.length > WireFormat.MAX_DATA_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload must be at most " + WireFormat.MAX_DATA_PAYLOAD + " bytes, got " + payload.length);
        }
        this.payload = payload;
    }

    public static Data of(byte[] payload) {
        return new Data(requireNonNull(payload, "payload").clone());
    }

    /** Copies the remaining bytes of {@code payload} without moving its position. */
    public static Data copyOf(ByteBuffer payload) {
        var copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return new Data(copy);
    }

    /** Takes ownership of {@code payload}: the caller must not touch the array afterwards. */
    static Data wrap(byte[] payload) {
        return new Data(payload);
    }

    @Override
    public MessageType type() {
        return MessageType.DATA;
    }

    /** The payload, read-only, without copying. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    public byte[] payloadBytes() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Data that && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Data[" + payload.length + " bytes]";
    }
}
