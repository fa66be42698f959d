package io.jumpingvpn.gateway;

/**
 * Monotonic time in nanoseconds, for leases, timers and detection (never for timestamps a peer sees). Injectable so
 * that tests and the chaos runner can control it; {@link #system()} is {@link System#nanoTime()}, which the node
 * history file records as {@code mono_ns}.
 */
@FunctionalInterface
public interface MonotonicClock {

    long nanoTime();

    static MonotonicClock system() {
        return System::nanoTime;
    }
}
