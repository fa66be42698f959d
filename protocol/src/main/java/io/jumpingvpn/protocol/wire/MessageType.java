package io.jumpingvpn.protocol.wire;

import java.util.Optional;

/**
 * The frame types, with their stable one-byte wire values. Types below {@code 0x10} are signed frames exchanged
 * outside an attachment; types from {@code 0x10} are sealed frames (ChaCha20-Poly1305 under the traffic keys of a live
 * attachment).
 */
public enum MessageType {
    HANDSHAKE_INIT(0x01),
    COOKIE_CHALLENGE(0x02),
    HANDSHAKE_ACK(0x03),
    HANDSHAKE_REJECT(0x04),
    REATTACH_REQUEST(0x05),
    REATTACH_ACK(0x06),
    REATTACH_REJECT(0x07),
    REDIRECT(0x08),
    DATA(0x10),
    HEARTBEAT(0x11),
    HEARTBEAT_ACK(0x12),
    STATE_UPDATE(0x13),
    TERMINATE(0x14);

    private static final MessageType[] BY_WIRE = new MessageType[256];

    static {
        for (var type : values()) {
            BY_WIRE[type.wire] = type;
        }
    }

    private final int wire;

    MessageType(int wire) {
        this.wire = wire;
    }

    public int wireValue() {
        return wire;
    }

    public static Optional<MessageType> fromWire(int value) {
        return value < 0 || value > 255 ? Optional.empty() : Optional.ofNullable(BY_WIRE[value]);
    }

    /** Whether frames of this type carry an AEAD-sealed {@link TunnelMessage}. */
    public boolean isSealed() {
        return wire >= 0x10;
    }
}
