package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

/** How the run's Redis is deployed. */
public enum RedisMode {
    /** One {@code redis-server} with AOF persistence (fsync on every write), behind one fault proxy per node. */
    STANDALONE("standalone"),
    /** A primary, a replica and three Sentinels; nodes reach it through the Sentinels, without proxies. */
    SENTINEL("sentinel");

    private final String id;

    RedisMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static RedisMode parse(String text) {
        requireNonNull(text, "text");
        for (var mode : values()) {
            if (mode.id.equals(text.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("redis mode '" + text + "' is unknown; use standalone or sentinel");
    }

    @Override
    public String toString() {
        return id;
    }
}
