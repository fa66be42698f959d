package io.jumpingvpn.agent.internal.recovery;

/**
 * The bound on one recovery: from the instant the session entered RECOVERING, the agent has {@code windowNanos}
 * ({@code RECOVERY_WINDOW_MS}, or less when the gateway's transport-lost TTL is shorter) to be ATTACHED again;
 * afterwards it terminates with {@code RECOVERY_WINDOW_EXCEEDED}. Pure.
 */
public record RecoveryWindow(long startNanos, long windowNanos) {

    public RecoveryWindow {
        if (windowNanos < 1) {
            throw new IllegalArgumentException("windowNanos must be positive, got " + windowNanos);
        }
    }

    public long deadlineNanos() {
        return startNanos + windowNanos;
    }

    public boolean isExceeded(long nowNanos) {
        return nowNanos - startNanos >= windowNanos;
    }

    /** Whether an attempt starting at {@code atNanos} still starts inside the window. */
    public boolean admits(long atNanos) {
        return atNanos - startNanos < windowNanos;
    }

    public long remainingNanos(long nowNanos) {
        return Math.max(0, deadlineNanos() - nowNanos);
    }
}
