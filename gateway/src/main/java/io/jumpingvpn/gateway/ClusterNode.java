package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import java.util.List;

/**
 * A node as the store's lease table and the membership list describe it ({@link Gateway#nodes()}).
 *
 * @param node the node at its latest registered epoch
 * @param alive whether its lease at that epoch was alive at {@code storeNowMs}
 * @param leaseExpiresAtMs when that lease lapses (or lapsed), store time
 * @param storeNowMs the store's time when it answered
 * @param endpoints where agents reach it, from the membership list (empty if it is not listed)
 * @param self whether it is the node that answered
 */
public record ClusterNode(
        NodeRef node,
        boolean alive,
        long leaseExpiresAtMs,
        long storeNowMs,
        List<ListenEndpoint> endpoints,
        boolean self) {

    public ClusterNode {
        requireNonNull(node, "node");
        endpoints = List.copyOf(requireNonNull(endpoints, "endpoints"));
    }

    /** Milliseconds of lease left (negative once lapsed), as the store saw it. */
    public long leaseLeftMs() {
        return leaseExpiresAtMs - storeNowMs;
    }
}
