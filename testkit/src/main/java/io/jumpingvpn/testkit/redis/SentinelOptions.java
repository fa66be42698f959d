package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Shape and timings of a {@link RedisSentinelGroup}. Immutable; build with {@link #builder()}. Timings default to
 * values that make a real failover take a few seconds, not the production defaults of 30 s and 3 min.
 *
 * @param node how each data server runs (persistence, timeouts, binary); Sentinels use its binary and timeouts
 * @param replicas replicas of the primary, 1..5; default 1
 * @param sentinels Sentinel processes, 1..7; default 3
 * @param quorum Sentinels that must agree the primary is down, 1..sentinels; default 2
 * @param masterName the name Sentinels monitor the primary under; default {@code jvpn}
 * @param downAfter silence after which a Sentinel considers an instance down; default 1 s
 * @param failoverTimeout Sentinel's failover-timeout (also spaces automatic retries); default 3 s
 * @param readyTimeout how long start and {@link RedisSentinelGroup#awaitHealthy} wait for agreement; default 30 s
 */
public record SentinelOptions(
        RedisOptions node,
        int replicas,
        int sentinels,
        int quorum,
        String masterName,
        Duration downAfter,
        Duration failoverTimeout,
        Duration readyTimeout) {

    private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public SentinelOptions {
        requireNonNull(node, "node");
        requireNonNull(masterName, "masterName");
        requireNonNull(downAfter, "downAfter");
        requireNonNull(failoverTimeout, "failoverTimeout");
        requireNonNull(readyTimeout, "readyTimeout");
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be 1..5 (a failover needs one), got " + replicas);
        }
        if (sentinels < 1 || sentinels > 7) {
            throw new IllegalArgumentException("sentinels must be 1..7, got " + sentinels);
        }
        if (quorum < 1 || quorum > sentinels) {
            throw new IllegalArgumentException("quorum must be 1.." + sentinels + " (the sentinels), got " + quorum);
        }
        if (!MASTER_NAME.matcher(masterName).matches()) {
            throw new IllegalArgumentException(
                    "masterName must be 1-64 of letters, digits, '.', '_', '-', got '" + masterName + "'");
        }
        checkRange(downAfter, "downAfter", Duration.ofMillis(100), Duration.ofMinutes(1));
        checkRange(failoverTimeout, "failoverTimeout", Duration.ofMillis(500), Duration.ofMinutes(10));
        checkRange(readyTimeout, "readyTimeout", Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    public static SentinelOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void checkRange(Duration value, String name, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Builder with the defaults described on {@link SentinelOptions}. */
    public static final class Builder {
        private RedisOptions node = RedisOptions.defaults();
        private int replicas = 1;
        private int sentinels = 3;
        private int quorum = 2;
        private String masterName = "jvpn";
        private Duration downAfter = Duration.ofSeconds(1);
        private Duration failoverTimeout = Duration.ofSeconds(3);
        private Duration readyTimeout = Duration.ofSeconds(30);

        private Builder() {}

        public Builder node(RedisOptions node) {
            this.node = node;
            return this;
        }

        public Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder sentinels(int sentinels) {
            this.sentinels = sentinels;
            return this;
        }

        public Builder quorum(int quorum) {
            this.quorum = quorum;
            return this;
        }

        public Builder masterName(String masterName) {
            this.masterName = masterName;
            return this;
        }

        public Builder downAfter(Duration downAfter) {
            this.downAfter = downAfter;
            return this;
        }

        public Builder failoverTimeout(Duration failoverTimeout) {
            this.failoverTimeout = failoverTimeout;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        public SentinelOptions build() {
            return new SentinelOptions(
                    node, replicas, sentinels, quorum, masterName, downAfter, failoverTimeout, readyTimeout);
        }
    }
}
