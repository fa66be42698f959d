package io.jumpingvpn.protocol.state;

import java.util.Optional;

/** The six states of a session. The wire values are stable. */
public enum SessionState {
    BIRTH(1),
    ATTACHED(2),
    VOLATILE(3),
    DEGRADED(4),
    RECOVERING(5),
    TERMINATED(6);

    private final int wire;

    SessionState(int wire) {
        this.wire = wire;
    }

    /** The one-byte wire value. */
    public int wireValue() {
        return wire;
    }

    public static Optional<SessionState> fromWire(int value) {
        for (var state : values()) {
            if (state.wire == value) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    public boolean isFinal() {
        return this == TERMINATED;
    }
}
