package io.jumpingvpn.protocol;

import java.util.Optional;

/**
 * Why a gateway refused a handshake or a reattach. The names are the contract of the system brief; the wire values are
 * stable and never reused.
 */
public enum RejectCode {
    SESSION_NOT_FOUND(1),
    SESSION_EXPIRED(2),
    INVALID_STATE(3),
    AUTH_FAIL(4),
    FRESHNESS_INVALID(5),
    REPLAY_DETECTED(6),
    STALE_VERSION(7),
    OWNERSHIP_CONFLICT(8),
    POLICY_DENY(9),
    RATE_LIMITED(10),
    STORE_UNAVAILABLE(11);

    private static final RejectCode[] BY_WIRE = new RejectCode[256];

    static {
        for (var code : values()) {
            BY_WIRE[code.wire] = code;
        }
    }

    private final int wire;

    RejectCode(int wire) {
        this.wire = wire;
    }

    /** The one-byte wire value. */
    public int wireValue() {
        return wire;
    }

    public static Optional<RejectCode> fromWire(int value) {
        return value < 0 || value > 255 ? Optional.empty() : Optional.ofNullable(BY_WIRE[value]);
    }

    /**
     * Whether a reject with this code carries the session's current version: the agent may retry at that version
     * (the reject is signed and bound to its request, so it can trust the number).
     */
    public boolean carriesCurrentVersion() {
        return this == STALE_VERSION || this == OWNERSHIP_CONFLICT;
    }

    /**
     * Whether the code can answer a handshake. A handshake has no session yet, so session, version and ownership codes
     * cannot apply to it.
     */
    public boolean appliesToHandshake() {
        return switch (this) {
            case AUTH_FAIL, FRESHNESS_INVALID, REPLAY_DETECTED, POLICY_DENY, RATE_LIMITED, STORE_UNAVAILABLE -> true;
            default -> false;
        };
    }
}
