package io.jumpingvpn.store;

/**
 * The states of a session as the store records them. The transition rules live in the protocol's state machine; the
 * store only enforces what keeps the table sound: TERMINATED is final and nothing goes back to BIRTH.
 */
public enum SessionState {
    BIRTH,
    ATTACHED,
    VOLATILE,
    DEGRADED,
    RECOVERING,
    TERMINATED;

    public boolean isFinal() {
        return this == TERMINATED;
    }
}
