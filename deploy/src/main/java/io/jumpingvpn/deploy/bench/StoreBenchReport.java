package io.jumpingvpn.deploy.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one store benchmark run, printed as one JSON object (snake_case names). {@code conflicts} counts
 * OWNERSHIP_CONFLICT refusals; {@code rejected} counts every other refusal by code. {@code rounds} counts rounds that
 * ended inside the measured window and {@code badRounds} those among them that did not end with exactly one winner
 * (rounds with an unknown outcome and no winner are not counted as bad).
 */
@JsonPropertyOrder({
    "mode",
    "target",
    "sessions",
    "contenders",
    "concurrency",
    "attempts",
    "commits",
    "conflicts",
    "rejected",
    "unknown",
    "rounds",
    "bad_rounds",
    "seconds",
    "commits_per_s",
    "latency_ms"
})
public record StoreBenchReport(
        String mode,
        String target,
        int sessions,
        int contenders,
        int concurrency,
        long attempts,
        long commits,
        long conflicts,
        Map<String, Long> rejected,
        long unknown,
        long rounds,
        long badRounds,
        double seconds,
        double commitsPerS,
        Latency latencyMs) {

    public record Latency(double p50, double p99, double max) {}

    public StoreBenchReport {
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
    }
}
