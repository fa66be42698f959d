package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.net.InetSocketAddress;

/**
 * A gateway node as the agents see it: its id, and the UDP endpoint they reach it at (its relay).
 *
 * @param node the node id, as in {@code run.json}
 */
public record NodeEndpoint(String node, InetSocketAddress address) {

    public NodeEndpoint {
        requireNonNull(node, "node");
        requireNonNull(address, "address");
    }

    /** {@code host:port}, as a candidate names it. */
    public String endpoint() {
        return address.getHostString() + ":" + address.getPort();
    }

    public Candidate candidate() {
        return new Candidate(TransportKind.UDP, endpoint());
    }

    /** The token agents write for this node in their history (the dialled endpoint, unsafe characters as {@code _}). */
    public String historyToken() {
        return endpoint().replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
