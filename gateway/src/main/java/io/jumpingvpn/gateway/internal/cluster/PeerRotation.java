package io.jumpingvpn.gateway.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.internal.session.Redirector;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Spreads agents across live peers, one after the other. Thread-safe. */
final class PeerRotation implements Redirector {

    private final List<Peer> peers;
    private final AtomicInteger next = new AtomicInteger();

    PeerRotation(List<Peer> peers) {
        this.peers = List.copyOf(requireNonNull(peers, "peers"));
    }

    boolean isEmpty() {
        return peers.isEmpty();
    }

    /** The next peer, or empty when there is none. */
    Optional<Peer> nextPeer() {
        if (peers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(peers.get(Math.floorMod(next.getAndIncrement(), peers.size())));
    }

    @Override
    public Optional<Candidate> next(TransportKind kind) {
        return nextPeer().map(peer -> ClusterMember.candidate(peer.member().endpointFor(kind)));
    }

    @Override
    public String toString() {
        return peers.stream().map(peer -> peer.node().toString()).toList().toString();
    }
}
