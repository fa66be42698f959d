package io.jumpingvpn.gateway;

import java.util.Locale;

/**
 * How a cluster decides which node serves a session (docs/cluster.md), chosen per cluster: every node of a cluster runs
 * the same.
 */
public enum Routing {
    /**
     * One session table shared by every node (Redis): any node serves a reattach, and one atomic commit moves the
     * session there. Ownership is proven by node leases in the store.
     */
    SHARED,
    /**
     * No shared table: each node keeps its own sessions in a store of its own (the in-memory store). A session belongs
     * to the node that rendezvous hashing of its id over the static membership list names ({@link Rendezvous}); any
     * other node that gets traffic for it redirects the agent there. Membership changes move sessions explicitly.
     */
    STICKY;

    /** {@code shared} or {@code sticky} (any case); anything else fails naming the setting. */
    public static Routing parse(String text) {
        if (text == null) {
            throw new InvalidGatewayConfigException("routing", "is required (shared or sticky)");
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "shared" -> SHARED;
            case "sticky" -> STICKY;
            default ->
                throw new InvalidGatewayConfigException(
                        "routing", "'" + text + "' is not a routing model; use shared or sticky");
        };
    }

    /** The configuration spelling: {@code shared} or {@code sticky}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
