package io.jumpingvpn.deploy.bench.reattach;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one reattach benchmark (snake_case in JSON). {@code attempts} are the reattaches scheduled inside the
 * measured window; each ends {@code accepted} (ACK verified), rejected (a verified REATTACH_REJECT, by code),
 * {@code unanswered} (nothing verified within the answer timeout) or {@code skipped_busy} (its session's previous
 * reattach was still unanswered at its slot). Request sent to ACK
 * verified is {@code latencyMs}; {@code latencyFromScheduleMs} runs from the slot's scheduled instant instead, so a client
 * that falls behind its schedule shows in it ({@code sendLagMs}: scheduled to sent, the new socket included).
 */
@JsonPropertyOrder({
    "transport",
    "gateway_io",
    "sessions",
    "rate_per_s",
    "warmup_s",
    "duration_s",
    "handshake_latency_ms",
    "attempts",
    "accepted",
    "rejected",
    "unanswered",
    "skipped_busy",
    "invalid_replies",
    "resent",
    "achieved_per_s",
    "latency_ms",
    "latency_from_schedule_ms",
    "send_lag_ms",
    "client_cpu_cores",
    "gateway_cpu_cores"
})
public record ReattachReport(
        String transport,
        String gatewayIo,
        int sessions,
        double ratePerS,
        double warmupS,
        double durationS,
        LatencyMs handshakeLatencyMs,
        long attempts,
        long accepted,
        Map<String, Long> rejected,
        long unanswered,
        long skippedBusy,
        long invalidReplies,
        long resent,
        double achievedPerS,
        LatencyMs latencyMs,
        LatencyMs latencyFromScheduleMs,
        LatencyMs sendLagMs,
        double clientCpuCores,
        double gatewayCpuCores) {

    public ReattachReport {
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
    }

    /** Whether every measured reattach was accepted. */
    public boolean allAccepted() {
        return attempts > 0 && accepted == attempts;
    }
}
