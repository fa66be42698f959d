package io.jumpingvpn.chaos.report;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Statistics;

/** A few lines for a terminal: the verdict, each invariant, the first counterexample of each, the read problems. */
public final class ReportText {

    private static final int MAX_PROBLEMS = 5;

    private ReportText() {}

    public static String render(CheckResult result) {
        var out = new StringBuilder();
        out.append(result.valid() ? "VALID" : "INVALID")
                .append(": ")
                .append(result.statistics().operations())
                .append(" operations, ")
                .append(result.statistics().faultIntervals().size())
                .append(" faults");
        result.run().ifPresent(run -> out.append(", seed ").append(run.seed()));
        out.append('\n');
        if (!result.readable()) {
            out.append("  history not fully readable (")
                    .append(result.problems().size())
                    .append(" problems):\n");
            result.problems().stream().limit(MAX_PROBLEMS).forEach(problem -> out.append("    ")
                    .append(oneLine(problem.toString()))
                    .append('\n'));
        }
        for (var invariant : result.invariants()) {
            out.append("  ")
                    .append(invariant.invariant().key())
                    .append(": ")
                    .append(invariant.verdict().json());
            if (invariant.counterexampleCount() > 0) {
                out.append(" (").append(invariant.counterexampleCount()).append(" counterexamples)");
            }
            out.append('\n');
            if (!invariant.counterexamples().isEmpty()) {
                out.append("    e.g. ")
                        .append(oneLine(invariant.counterexamples().getFirst().summary()))
                        .append('\n');
            } else if (!invariant.unknowns().isEmpty()) {
                out.append("    ")
                        .append(oneLine(invariant.unknowns().getFirst()))
                        .append('\n');
            }
        }
        var latency = result.statistics().latency().get(Statistics.ALL);
        if (latency != null) {
            out.append("  latency ms: p50 ")
                    .append(latency.p50Ms())
                    .append(", p99 ")
                    .append(latency.p99Ms())
                    .append(", max ")
                    .append(latency.maxMs())
                    .append('\n');
        }
        return out.toString();
    }

    /** Untrusted text on a terminal: no control characters (no escape sequences, no fake lines). */
    static String oneLine(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
