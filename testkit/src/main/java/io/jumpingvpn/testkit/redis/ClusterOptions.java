package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Shape and timings of a {@link RedisCluster}. Immutable; build with {@link #builder()}.
 *
 * @param node how each node runs (persistence, timeouts, binary)
 * @param masters masters sharing the 16384 slots, 1..10; default 3
 * @param replicasPerMaster replicas of each master, 0..2; default 0
 * @param nodeTimeout cluster-node-timeout: silence after which a node is failing; default 2 s
 * @param readyTimeout how long start waits for every node to agree and report {@code cluster_state:ok}; default 30 s
 */
public record ClusterOptions(
        RedisOptions node, int masters, int replicasPerMaster, Duration nodeTimeout, Duration readyTimeout) {

    public ClusterOptions {
        requireNonNull(node, "node");
        requireNonNull(nodeTimeout, "nodeTimeout");
        requireNonNull(readyTimeout, "readyTimeout");
        if (masters < 1 || masters > 10) {
            throw new IllegalArgumentException("masters must be 1..10, got " + masters);
        }
        if (replicasPerMaster < 0 || replicasPerMaster > 2) {
            throw new IllegalArgumentException("replicasPerMaster must be 0..2, got " + replicasPerMaster);
        }
        if (nodeTimeout.toMillis() < 100 || nodeTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("nodeTimeout must be between 100 ms and 1 min, got " + nodeTimeout);
        }
        if (readyTimeout.toSeconds() < 1 || readyTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("readyTimeout must be between 1 s and 10 min, got " + readyTimeout);
        }
    }

    public static ClusterOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    int nodeCount() {
        return masters * (1 + replicasPerMaster);
    }

    /** Builder with the defaults described on {@link ClusterOptions}. */
    public static final class Builder {
        private RedisOptions node = RedisOptions.defaults();
        private int masters = 3;
        private int replicasPerMaster = 0;
        private Duration nodeTimeout = Duration.ofSeconds(2);
        private Duration readyTimeout = Duration.ofSeconds(30);

        private Builder() {}

        public Builder node(RedisOptions node) {
            this.node = node;
            return this;
        }

        public Builder masters(int masters) {
            this.masters = masters;
            return this;
        }

        public Builder replicasPerMaster(int replicasPerMaster) {
            this.replicasPerMaster = replicasPerMaster;
            return this;
        }

        public Builder nodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        public ClusterOptions build() {
            return new ClusterOptions(node, masters, replicasPerMaster, nodeTimeout, readyTimeout);
        }
    }
}
