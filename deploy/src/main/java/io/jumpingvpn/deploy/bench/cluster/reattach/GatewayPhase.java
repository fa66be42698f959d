package io.jumpingvpn.deploy.bench.cluster.reattach;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one phase through the gateway nodes (snake_case in JSON). Counted: requests answered (or given up)
 * inside the measured window. {@code commits} are the verified ACKs; {@code rejected} the verified REATTACH_REJECTs by
 * code; {@code latencyMs} request sent to ACK verified, {@code rejectLatencyMs} to REJECT verified. Rounds are counted
 * for races only: {@code badRounds} did not end with exactly one winner, {@code roundsWithoutWinner} ended without one
 * because every request was refused before the commit, {@code unjudgedRounds} had a request unanswered or started from
 * a version left uncertain by one. {@code redisCallsPerCommit} are Redis's own counts over the window (every node's
 * commands, the commands scripts ran inside Redis, and this benchmark's INFO calls) divided by the commits;
 * {@code redisCpuUsPerCommit} Redis's CPU time over the window per commit; {@code redisCpuCores},
 * {@code processCpuCores} and {@code clientCpuCores} the CPU used by Redis, by this process (nodes, clients, JIT, GC)
 * and by the raw clients' threads alone.
 */
@JsonPropertyOrder({
    "placement",
    "contenders",
    "concurrency",
    "attempts",
    "commits",
    "rejected",
    "unanswered",
    "resent",
    "invalid_replies",
    "rounds",
    "bad_rounds",
    "rounds_without_winner",
    "unjudged_rounds",
    "seconds",
    "commits_per_s",
    "latency_ms",
    "reject_latency_ms",
    "redis_calls_per_commit",
    "redis_cpu_us_per_commit",
    "redis_cpu_cores",
    "process_cpu_cores",
    "client_cpu_cores"
})
public record GatewayPhase(
        String placement,
        int contenders,
        int concurrency,
        long attempts,
        long commits,
        Map<String, Long> rejected,
        long unanswered,
        long resent,
        long invalidReplies,
        long rounds,
        long badRounds,
        long roundsWithoutWinner,
        long unjudgedRounds,
        double seconds,
        double commitsPerS,
        LatencyMs latencyMs,
        LatencyMs rejectLatencyMs,
        Map<String, Double> redisCallsPerCommit,
        double redisCpuUsPerCommit,
        double redisCpuCores,
        double processCpuCores,
        double clientCpuCores) {

    public GatewayPhase {
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
        redisCallsPerCommit = Collections.unmodifiableMap(new TreeMap<>(redisCallsPerCommit));
    }
}
