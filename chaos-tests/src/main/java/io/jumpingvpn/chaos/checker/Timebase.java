package io.jumpingvpn.chaos.checker;

import java.util.Locale;

/** Shows CLOCK_MONOTONIC times relative to the start of the run, the way people read a run. */
public record Timebase(long originMonoNs) {

    /** {@code +12.345 s}. */
    public String at(long monoNs) {
        long relative = monoNs - originMonoNs;
        return (relative < 0 ? "-" : "+") + seconds(Math.abs(relative));
    }

    /** Milliseconds since the origin, with microsecond precision. */
    public double ms(long monoNs) {
        return Math.round((monoNs - originMonoNs) / 1_000.0) / 1_000.0;
    }

    /** {@code 1.250 s} for a duration in nanoseconds. */
    public static String seconds(long durationNs) {
        return String.format(Locale.ROOT, "%.3f s", durationNs / 1e9);
    }
}
