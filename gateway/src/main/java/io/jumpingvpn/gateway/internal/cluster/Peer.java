package io.jumpingvpn.gateway.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.store.NodeRef;

/** A live peer: its registration (node at its current epoch) and where agents reach it. */
record Peer(NodeRef node, ClusterMember member) {

    Peer {
        requireNonNull(node, "node");
        requireNonNull(member, "member");
        if (!node.node().equals(member.node())) {
            throw new IllegalArgumentException("peer " + node + " does not match member " + member.node());
        }
    }
}
