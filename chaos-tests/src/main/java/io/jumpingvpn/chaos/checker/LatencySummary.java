package io.jumpingvpn.chaos.checker;

import java.util.Arrays;

/** Latency percentiles of completed operations (nearest rank), in milliseconds. */
public record LatencySummary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    public LatencySummary {
        if (count < 1) {
            throw new IllegalArgumentException("a latency summary needs at least one sample");
        }
    }

    static LatencySummary of(long[] latenciesNs) {
        var sorted = latenciesNs.clone();
        Arrays.sort(sorted);
        return new LatencySummary(
                sorted.length,
                ms(rank(sorted, 0.50)),
                ms(rank(sorted, 0.95)),
                ms(rank(sorted, 0.99)),
                ms(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long ns) {
        return Math.round(ns / 1_000.0) / 1_000.0;
    }
}
