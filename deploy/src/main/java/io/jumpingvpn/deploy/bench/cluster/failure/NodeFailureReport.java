package io.jumpingvpn.deploy.bench.cluster.failure;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node-failure run (snake_case in JSON). Every time is in ms after the failed node was signalled.
 * {@code detected}: the agent left its transport; {@code attached}: a reattach at another node was accepted;
 * {@code flowing}: the first echo of a datagram sent after the failure came back; {@code held}: flowing minus attached
 * per agent, the time the new owner held the session until the failed node's lease was over; {@code warmupReattaches}
 * the reattaches that warmed the surviving nodes up before the failure. {@code switchedBack} counts the agents switched
 * back to the node that was to fail, before the failure (born elsewhere, or gone elsewhere since, because that node
 * answered later than HEARTBEAT_VOLATILE_MS); {@code awayAtFailure} the agents not attached there when it was signalled
 * (read just before; they are not sessions of the failed node and never count as attached elsewhere).
 * {@code failedLeaseLeftMs} is how long the failed node's lease still ran in the store when it was signalled (read just
 * before).
 */
@JsonPropertyOrder({
    "target",
    "fault",
    "sessions",
    "node_lease_ms",
    "lease_safety_margin_ms",
    "heartbeat_ms",
    "dead_ms",
    "agent_threads",
    "births_s",
    "warmup_reattaches",
    "switched_back",
    "away_at_failure",
    "failed_node",
    "failed_lease_left_ms",
    "detected",
    "attached",
    "flowing",
    "held",
    "moved_to",
    "recovery_s",
    "recovery_cpu_s",
    "terminated",
    "target_ms"
})
public record NodeFailureReport(
        String target,
        String fault,
        int sessions,
        long nodeLeaseMs,
        long leaseSafetyMarginMs,
        long heartbeatMs,
        long deadMs,
        int agentThreads,
        double birthsS,
        long warmupReattaches,
        int switchedBack,
        int awayAtFailure,
        String failedNode,
        long failedLeaseLeftMs,
        Times detected,
        Times attached,
        Times flowing,
        Times held,
        Map<String, Long> movedTo,
        double recoveryS,
        RecoveryCpu recoveryCpuS,
        long terminated,
        long targetMs) {

    /**
     * How many agents reached a point, and when: the median and maximum over those that reached it, and the instants
     * by which 99 % and 100 % of ALL agents had reached it (-1 when they never did within the run).
     */
    public record Times(int reached, double p50Ms, double maxMs, double pct99OfAllMs, double allMs) {}

    /**
     * CPU seconds used from the failure to the end of the recovery ({@code recoveryS}): by this process (the agents,
     * every one of them on this machine) and by each surviving node's process; -1 where the platform does not say.
     */
    public record RecoveryCpu(double agents, Map<String, Double> survivors) {
        public RecoveryCpu {
            survivors = Collections.unmodifiableMap(new TreeMap<>(survivors));
        }
    }

    public NodeFailureReport {
        movedTo = Collections.unmodifiableMap(new TreeMap<>(movedTo));
    }

    /** Whether every agent was attached elsewhere with traffic flowing, and none was terminated. */
    public boolean allRecovered() {
        return attached.reached() == sessions && flowing.reached() == sessions && terminated == 0;
    }
}
