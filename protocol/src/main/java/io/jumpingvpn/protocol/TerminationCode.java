package io.jumpingvpn.protocol;

import java.util.Optional;

/**
 * Why a session ended. The names are the contract of the system brief; the wire values are stable and never reused.
 */
public enum TerminationCode {
    SESSION_TTL_EXPIRED(1),
    TRANSPORT_LOSS_TTL_EXPIRED(2),
    RECOVERY_WINDOW_EXCEEDED(3),
    OWNERSHIP_UNPROVEN(4),
    STORE_STATE_LOST(5),
    OPERATOR_TERMINATE(6),
    FATAL_PROTOCOL_ERROR(7);

    private static final TerminationCode[] BY_WIRE = new TerminationCode[256];

    static {
        for (var code : values()) {
            BY_WIRE[code.wire] = code;
        }
    }

    private final int wire;

    TerminationCode(int wire) {
        this.wire = wire;
    }

    /** The one-byte wire value. */
    public int wireValue() {
        return wire;
    }

    public static Optional<TerminationCode> fromWire(int value) {
        return value < 0 || value > 255 ? Optional.empty() : Optional.ofNullable(BY_WIRE[value]);
    }
}
