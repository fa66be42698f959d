package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * A node's lease as the store sees it at store time {@code storeNowMs}. Ownership naming {@code node} is valid only
 * while {@link #alive()}.
 *
 * @param expiresAtMs store time at which the lease lapses unless renewed
 * @param incarnation the store incarnation the lease belongs to
 */
public record NodeLease(NodeRef node, long expiresAtMs, long storeNowMs, String incarnation) {

    public NodeLease {
        requireNonNull(node, "node");
        Identifiers.token(incarnation, "store incarnation");
        if (expiresAtMs < 0 || storeNowMs < 0) {
            throw new IllegalArgumentException("lease times must be >= 0");
        }
    }

    public boolean alive() {
        return storeNowMs < expiresAtMs;
    }
}
