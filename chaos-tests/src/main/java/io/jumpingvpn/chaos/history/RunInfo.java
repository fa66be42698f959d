package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code run.json}: what was run, and the bounds the checker judges it by.
 *
 * @param seed the seed the runner scheduled workload and nemeses from
 * @param nodes the gateway node ids; each has a file {@code nodes/<node>.jsonl}
 * @param agents how many agents ran
 * @param nemeses the nemesis kinds that were enabled
 * @param nodeLeaseMs {@code NODE_LEASE_MS} of the gateway nodes
 * @param livenessBoundMs how long after the last heal every live session must be attached again (two node leases plus
 *     one recovery attempt)
 * @param pendingGraceMs an invoke still without completion at the end is a violation unless it started less than this
 *     long before {@code endMonoNs} (the runner's longest operation timeout)
 * @param startMonoNs when the run started (CLOCK_MONOTONIC ns); reports show times relative to it
 * @param endMonoNs when the run ended, after its quiet time
 * @param redisMode {@code standalone}, {@code sentinel}, {@code cluster}, ...
 * @param unsafeMode the test-only unsafe store mode the run was pointed at, if any
 */
public record RunInfo(
        long seed,
        List<String> nodes,
        int agents,
        List<String> nemeses,
        long nodeLeaseMs,
        long livenessBoundMs,
        long pendingGraceMs,
        long startMonoNs,
        long endMonoNs,
        String redisMode,
        Optional<String> unsafeMode) {

    /** Used when {@code run.json} has no {@code pending_grace_ms}. */
    public static final long DEFAULT_PENDING_GRACE_MS = 5_000;

    public RunInfo {
        nodes = List.copyOf(requireNonNull(nodes, "nodes"));
        nemeses = List.copyOf(requireNonNull(nemeses, "nemeses"));
        requireNonNull(unsafeMode, "unsafeMode");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("nodes must be distinct, got " + nodes);
        }
        nodes.forEach(node -> Text.token(node, "node id"));
        nemeses.forEach(nemesis -> Text.token(nemesis, "nemesis"));
        if (agents < 0) {
            throw new IllegalArgumentException("agents must be >= 0, got " + agents);
        }
        if (nodeLeaseMs < 1) {
            throw new IllegalArgumentException("node_lease_ms must be >= 1, got " + nodeLeaseMs);
        }
        if (livenessBoundMs < 1) {
            throw new IllegalArgumentException("liveness_bound_ms must be >= 1, got " + livenessBoundMs);
        }
        Text.nonNegative(pendingGraceMs, "pending_grace_ms");
        Text.nonNegative(startMonoNs, "start_mono_ns");
        if (endMonoNs < startMonoNs) {
            throw new IllegalArgumentException(
                    "end_mono_ns (" + endMonoNs + ") must not be before start_mono_ns (" + startMonoNs + ")");
        }
        Text.token(requireNonNull(redisMode, "redisMode"), "redis_mode");
        unsafeMode.ifPresent(mode -> Text.token(mode, "unsafe_mode"));
    }

    public long durationNs() {
        return endMonoNs - startMonoNs;
    }
}
