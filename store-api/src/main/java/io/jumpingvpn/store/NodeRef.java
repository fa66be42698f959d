package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * A node at one epoch. Ownership names a {@code NodeRef}, not a bare node id: ownership is valid only while the lease
 * of that node at exactly that epoch is alive, so a restarted node (new epoch) does not inherit what its previous
 * incarnation owned.
 */
public record NodeRef(NodeId node, long epoch) {

    public NodeRef {
        requireNonNull(node, "node");
        if (epoch < 1) {
            throw new IllegalArgumentException("node epoch must be >= 1, got " + epoch);
        }
    }

    @Override
    public String toString() {
        return node + "@" + epoch;
    }
}
