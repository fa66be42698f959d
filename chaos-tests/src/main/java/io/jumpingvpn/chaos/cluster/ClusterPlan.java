package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.node.UnsafeMode;
import io.jumpingvpn.gateway.PartitionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What cluster to start.
 *
 * @param runDir the run directory: node history files go to {@code nodes/}, node logs to {@code logs/}
 * @param namespaces run every node in a network namespace of its own (root only), so that iptables can partition it
 * @param keys the key directory (gateway key, agent allowlist) every node loads
 * @param keyPrefix the Redis key prefix of this run, so that runs never see each other's records
 */
public record ClusterPlan(
        List<String> nodeIds,
        Path runDir,
        RedisMode redis,
        boolean namespaces,
        Duration lease,
        PartitionPolicy partitionPolicy,
        Optional<UnsafeMode> unsafe,
        Path keys,
        String keyPrefix) {

    public ClusterPlan {
        nodeIds = List.copyOf(requireNonNull(nodeIds, "nodeIds"));
        requireNonNull(runDir, "runDir");
        requireNonNull(redis, "redis");
        requireNonNull(lease, "lease");
        requireNonNull(partitionPolicy, "partitionPolicy");
        requireNonNull(unsafe, "unsafe");
        requireNonNull(keys, "keys");
        requireNonNull(keyPrefix, "keyPrefix");
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
        if (namespaces && redis != RedisMode.STANDALONE) {
            throw new IllegalArgumentException("network namespaces work with standalone Redis only (Sentinel hands"
                    + " out loopback addresses a namespace cannot reach)");
        }
    }
}
