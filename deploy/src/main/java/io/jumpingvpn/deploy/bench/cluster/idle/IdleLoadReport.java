package io.jumpingvpn.deploy.bench.cluster.idle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One idle-load run (snake_case in JSON). {@code commands} is every command Redis ran during the window, per second
 * and per node and second (the commands scripts ran inside Redis included, as Redis counts them; the benchmark's own
 * {@code info} calls included). {@code scriptCallsPerNodePerS} counts EVALSHA/EVAL (each one node operation: with idle
 * sessions, a lease renewal), {@code dataWritesPerNodePerS} the commands that change data; {@code expected} is what
 * the leases alone cost: lease slots x renewals per second per node. {@code nodes} says how many sessions each node
 * held bound and forwarding at the end.
 */
@JsonPropertyOrder({
    "target",
    "sessions",
    "node_lease_ms",
    "heartbeat_ms",
    "dead_ms",
    "lease_slots",
    "window_s",
    "commands",
    "script_calls_per_node_per_s",
    "data_writes_per_node_per_s",
    "expected_renewals_per_node_per_s",
    "heartbeats_per_s",
    "heartbeat_acks_per_s",
    "stale_sessions",
    "terminated_sessions",
    "nodes",
    "redis_cpu_cores"
})
public record IdleLoadReport(
        String target,
        int sessions,
        long nodeLeaseMs,
        long heartbeatMs,
        long deadMs,
        int leaseSlots,
        double windowS,
        Map<String, Command> commands,
        double scriptCallsPerNodePerS,
        double dataWritesPerNodePerS,
        double expectedRenewalsPerNodePerS,
        double heartbeatsPerS,
        double heartbeatAcksPerS,
        long staleSessions,
        long terminatedSessions,
        List<Node> nodes,
        double redisCpuCores) {

    /** One command over the window. */
    public record Command(long calls, double perS, double perNodePerS) {}

    /** One node at the end of the window: sessions it holds, bound, and forwarding. */
    public record Node(String node, int sessions, int bound, int forwarding) {}

    public IdleLoadReport {
        commands = Collections.unmodifiableMap(new TreeMap<>(commands));
        nodes = List.copyOf(nodes);
    }

    /** Whether every session stayed attached and forwarding through the window. */
    public boolean allSessionsKept() {
        return staleSessions == 0
                && terminatedSessions == 0
                && nodes.stream().mapToInt(Node::forwarding).sum() == sessions;
    }
}
