package io.jumpingvpn.chaos.report;

import java.util.ArrayList;
import java.util.List;

/** Maps CLOCK_MONOTONIC times of a run onto the x axis of a chart, with tick marks at round seconds. */
record TimeScale(long originMonoNs, long endMonoNs, double left, double width) {

    TimeScale {
        if (endMonoNs <= originMonoNs) {
            endMonoNs = originMonoNs + 1_000_000L;
        }
    }

    double x(long monoNs) {
        double fraction = (double) (monoNs - originMonoNs) / (endMonoNs - originMonoNs);
        return left + Math.max(0, Math.min(1, fraction)) * width;
    }

    /** Tick positions in seconds from the origin, at most about ten, at 1, 2 or 5 times a power of ten. */
    List<Double> ticksSeconds() {
        double span = (endMonoNs - originMonoNs) / 1e9;
        double raw = span / 10;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power;
        for (double factor : new double[] {1, 2, 5, 10}) {
            step = factor * power;
            if (step >= raw) {
                break;
            }
        }
        var out = new ArrayList<Double>();
        for (int i = 0; i <= 20 && i * step <= span + 1e-9; i++) {
            out.add(i * step);
        }
        return out;
    }

    long monoAtSeconds(double seconds) {
        return originMonoNs + Math.round(seconds * 1e9);
    }

    static String secondsLabel(double seconds) {
        return Html.num(seconds) + " s";
    }
}
