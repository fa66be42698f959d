package io.jumpingvpn.deploy.bench.gap;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import java.util.List;

/**
 * The figures of one gap benchmark (snake_case in JSON): per variant, the gaps (last echo before the cut to the first
 * echo of a datagram sent after it), how many cuts traffic resumed after, and the agent's reattaches.
 */
@JsonPropertyOrder({
    "transport",
    "gateway_io",
    "heartbeat_interval_ms",
    "heartbeat_dead_ms",
    "interval_ms",
    "payload",
    "killed",
    "silent"
})
public record GapReport(
        String transport,
        String gatewayIo,
        long heartbeatIntervalMs,
        long heartbeatDeadMs,
        double intervalMs,
        int payload,
        Variant killed,
        Variant silent) {

    /** One way of cutting the transport, repeated. */
    @JsonPropertyOrder({"runs", "resumed", "reattaches", "gap_ms", "gaps_ms", "sent", "echoed", "dropped_by_agent"})
    public record Variant(
            int runs,
            int resumed,
            long reattaches,
            LatencyMs gapMs,
            List<Double> gapsMs,
            long sent,
            long echoed,
            long droppedByAgent) {
        public Variant {
            gapsMs = List.copyOf(gapsMs);
        }
    }

    public boolean allResumed() {
        return killed.resumed() == killed.runs() && silent.resumed() == silent.runs();
    }
}
