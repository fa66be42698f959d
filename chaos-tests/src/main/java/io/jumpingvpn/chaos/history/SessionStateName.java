package io.jumpingvpn.chaos.history;

import java.util.Optional;

/** The session states an agent reports in {@code state} events (system brief, section 3). */
public enum SessionStateName {
    BIRTH,
    ATTACHED,
    VOLATILE,
    DEGRADED,
    RECOVERING,
    TERMINATED;

    /** Whether the session is bound to a live transport in this state. */
    public boolean isAttached() {
        return this == ATTACHED || this == VOLATILE || this == DEGRADED;
    }

    public static Optional<SessionStateName> fromJson(String value) {
        for (var state : values()) {
            if (state.name().equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
