package io.jumpingvpn.store.redis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.redis.internal.RedisTarget;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a {@link RedisSessionStore} reaches Redis and how it behaves when Redis misbehaves. Immutable; built with
 * {@link #builder(String)} and validated by {@link Builder#build()}, which names the offending option and its allowed
 * range in one line.
 *
 * <p>Every gateway node of one cluster must use the same {@code uri}, {@code keyPrefix} and {@code clusterLeaseSlots}:
 * they decide where records and leases live.
 */
public final class RedisStoreOptions {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final String uri;
    private final RedisTarget target;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final int waitReplicas;
    private final Duration waitTimeout;
    private final Duration tombstoneRetention;
    private final String keyPrefix;
    private final int clusterLeaseSlots;
    private final Duration keepAliveIdle;
    private final Duration keepAliveInterval;
    private final int keepAliveCount;
    private final Duration tcpUserTimeout;
    private final Duration reconnectDelayMax;

    private RedisStoreOptions(Builder b) {
        this.uri = b.uri;
        this.target = RedisTarget.parse(b.uri);
        this.commandTimeout = within("commandTimeout", b.commandTimeout, Duration.ofMillis(10), Duration.ofSeconds(60));
        this.connectTimeout = within("connectTimeout", b.connectTimeout, Duration.ofMillis(10), Duration.ofSeconds(60));
        if (b.waitReplicas < 0 || b.waitReplicas > 16) {
            throw new IllegalArgumentException("waitReplicas must be between 0 and 16, got " + b.waitReplicas);
        }
        this.waitReplicas = b.waitReplicas;
        this.waitTimeout = within("waitTimeout", b.waitTimeout, Duration.ofMillis(1), Duration.ofSeconds(60));
        if (waitReplicas > 0 && waitTimeout.compareTo(commandTimeout) >= 0) {
            throw new IllegalArgumentException("waitTimeout must be shorter than commandTimeout ("
                    + commandTimeout.toMillis() + " ms), got " + waitTimeout.toMillis() + " ms");
        }
        this.tombstoneRetention =
                within("tombstoneRetention", b.tombstoneRetention, Duration.ofSeconds(1), Duration.ofDays(30));
        requireNonNull(b.keyPrefix, "keyPrefix");
        if (!PREFIX.matcher(b.keyPrefix).matches()) {
            throw new IllegalArgumentException(
                    "keyPrefix must be 1 to 32 characters of [A-Za-z0-9._-], got '" + b.keyPrefix + "'");
        }
        this.keyPrefix = b.keyPrefix;
        if (b.clusterLeaseSlots < 1 || b.clusterLeaseSlots > 256) {
            throw new IllegalArgumentException(
                    "clusterLeaseSlots must be between 1 and 256, got " + b.clusterLeaseSlots);
        }
        this.clusterLeaseSlots = b.clusterLeaseSlots;
        this.keepAliveIdle = within("keepAliveIdle", b.keepAliveIdle, Duration.ofSeconds(1), Duration.ofHours(2));
        this.keepAliveInterval =
                within("keepAliveInterval", b.keepAliveInterval, Duration.ofSeconds(1), Duration.ofMinutes(10));
        if (b.keepAliveCount < 1 || b.keepAliveCount > 30) {
            throw new IllegalArgumentException("keepAliveCount must be between 1 and 30, got " + b.keepAliveCount);
        }
        this.keepAliveCount = b.keepAliveCount;
        this.tcpUserTimeout = within("tcpUserTimeout", b.tcpUserTimeout, Duration.ZERO, Duration.ofMinutes(10));
        this.reconnectDelayMax =
                within("reconnectDelayMax", b.reconnectDelayMax, Duration.ofMillis(10), Duration.ofSeconds(60));
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
        requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min.toMillis() + " ms and " + max.toMillis()
                    + " ms, got " + value.toMillis() + " ms");
        }
        return value;
    }

    /** Starts options for {@code uri}: {@code redis://}, {@code rediss://}, {@code redis-sentinel://}, or
     * {@code redis-cluster://}. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** The connection URI as configured (it may contain a password: do not log it, use {@link #displayUri()}). */
    public String uri() {
        return uri;
    }

    /** The connection URI with any password masked. */
    public String displayUri() {
        return target.display();
    }

    /** The parsed target (mode and addresses). */
    public RedisTarget target() {
        return target;
    }

    /** How long one command may take before its outcome counts as unknown. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Replica acknowledgements awaited ({@code WAIT}) after every commit; 0 disables WAIT. */
    public int waitReplicas() {
        return waitReplicas;
    }

    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** How long a record outlives its end: the session lifetime, or its termination. */
    public Duration tombstoneRetention() {
        return tombstoneRetention;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** How many slots hold a copy of the node leases in Redis Cluster mode (standalone and Sentinel use one). */
    public int clusterLeaseSlots() {
        return clusterLeaseSlots;
    }

    public Duration keepAliveIdle() {
        return keepAliveIdle;
    }

    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    public int keepAliveCount() {
        return keepAliveCount;
    }

    /** TCP_USER_TIMEOUT (native transports only); zero leaves the kernel default. */
    public Duration tcpUserTimeout() {
        return tcpUserTimeout;
    }

    /** Upper bound of the delay between reconnection attempts. */
    public Duration reconnectDelayMax() {
        return reconnectDelayMax;
    }

    @Override
    public String toString() {
        return "RedisStoreOptions[uri=" + displayUri() + ", commandTimeout=" + commandTimeout + ", waitReplicas="
                + waitReplicas + ", keyPrefix=" + keyPrefix + "]";
    }

    /** Mutable builder; every setter returns {@code this}. Defaults suit a gateway on the same network as Redis. */
    public static final class Builder {
        private final String uri;
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private int waitReplicas = 0;
        private Duration waitTimeout = Duration.ofMillis(100);
        private Duration tombstoneRetention = Duration.ofHours(1);
        private String keyPrefix = "jvpn";
        private int clusterLeaseSlots = 16;
        private Duration keepAliveIdle = Duration.ofSeconds(5);
        private Duration keepAliveInterval = Duration.ofSeconds(1);
        private int keepAliveCount = 3;
        private Duration tcpUserTimeout = Duration.ofSeconds(5);
        private Duration reconnectDelayMax = Duration.ofSeconds(1);

        private Builder(String uri) {
            this.uri = requireNonNull(uri, "uri");
        }

        public Builder commandTimeout(Duration value) {
            this.commandTimeout = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Awaits {@code replicas} acknowledgements for at most {@code timeout} after every commit. */
        public Builder waitForReplicas(int replicas, Duration timeout) {
            this.waitReplicas = replicas;
            this.waitTimeout = timeout;
            return this;
        }

        public Builder tombstoneRetention(Duration value) {
            this.tombstoneRetention = value;
            return this;
        }

        public Builder keyPrefix(String value) {
            this.keyPrefix = value;
            return this;
        }

        public Builder clusterLeaseSlots(int value) {
            this.clusterLeaseSlots = value;
            return this;
        }

        public Builder keepAlive(Duration idle, Duration interval, int count) {
            this.keepAliveIdle = idle;
            this.keepAliveInterval = interval;
            this.keepAliveCount = count;
            return this;
        }

        public Builder tcpUserTimeout(Duration value) {
            this.tcpUserTimeout = value;
            return this;
        }

        public Builder reconnectDelayMax(Duration value) {
            this.reconnectDelayMax = value;
            return this;
        }

        /** Validates and freezes the options. */
        public RedisStoreOptions build() {
            return new RedisStoreOptions(this);
        }
    }
}
