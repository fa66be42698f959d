package io.jumpingvpn.gateway;

import java.util.Locale;

/**
 * What a node does with its sessions once it can no longer prove its lease (the store is unreachable, or answers too
 * late), chosen per cluster: every node of a cluster should run the same policy. See docs/cluster.md.
 */
public enum PartitionPolicy {
    /**
     * Sessions are frozen: nothing is forwarded and reattaches at this node are refused {@code STORE_UNAVAILABLE}. When
     * the store answers again, a node whose lease survived resumes them; a node whose lease lapsed registers a new epoch
     * and reclaims each session with a transfer at the version it held, resuming only those that nobody took over.
     */
    DENY,
    /**
     * Sessions are terminated deterministically: every agent is told TERMINATE with {@code OWNERSHIP_UNPROVEN} at once,
     * and the terminations are recorded in the store once it answers again.
     */
    TERMINATE;

    /** {@code deny} or {@code terminate} (any case); anything else fails naming the setting. */
    public static PartitionPolicy parse(String text) {
        if (text == null) {
            throw new InvalidGatewayConfigException("partitionPolicy", "is required (deny or terminate)");
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "deny" -> DENY;
            case "terminate" -> TERMINATE;
            default ->
                throw new InvalidGatewayConfigException(
                        "partitionPolicy", "'" + text + "' is not a partition policy; use deny or terminate");
        };
    }

    /** The configuration spelling: {@code deny} or {@code terminate}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
