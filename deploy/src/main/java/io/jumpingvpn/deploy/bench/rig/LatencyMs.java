package io.jumpingvpn.deploy.bench.rig;

import static java.util.Objects.requireNonNull;

import org.HdrHistogram.Histogram;

/** A latency distribution in milliseconds (microsecond resolution): median, 99th percentile, maximum, count. */
public record LatencyMs(double p50, double p99, double max, long count) {

    /** From a histogram of microseconds; all zero when it is empty. */
    public static LatencyMs ofMicros(Histogram micros) {
        requireNonNull(micros, "micros");
        if (micros.getTotalCount() == 0) {
            return new LatencyMs(0, 0, 0, 0);
        }
        return new LatencyMs(
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()),
                micros.getTotalCount());
    }

    /** A histogram of microseconds up to an hour, 3 significant digits. */
    public static Histogram newMicrosHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
