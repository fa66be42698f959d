package io.jumpingvpn.deploy.bench.cluster.failure;

import java.util.Arrays;

/** Sums up per-agent times (microseconds after the failure, -1 for never) as {@link NodeFailureReport.Times}. */
final class RecoveryTimes {

    private RecoveryTimes() {}

    static NodeFailureReport.Times of(long[] micros) {
        var reached = Arrays.stream(micros).filter(t -> t >= 0).sorted().toArray();
        int all = micros.length;
        if (reached.length == 0) {
            return new NodeFailureReport.Times(0, -1, -1, -1, -1);
        }
        // The agent count that makes 99 % of all, rounded up, in integers (no floating-point edge).
        int ninetyNine = (all * 99 + 99) / 100;
        return new NodeFailureReport.Times(
                reached.length,
                ms(reached[(reached.length - 1) / 2]),
                ms(reached[reached.length - 1]),
                reached.length >= ninetyNine ? ms(reached[ninetyNine - 1]) : -1,
                reached.length == all ? ms(reached[all - 1]) : -1);
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
