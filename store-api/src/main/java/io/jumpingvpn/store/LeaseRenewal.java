package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a successful {@link SessionStore#renewNode} returns: the renewed lease, and the hand-overs queued for that node
 * at that epoch since its previous renewal, read and removed atomically with the renewal of each lease slot.
 *
 * <p>This is what makes hand-overs safe without any message getting through: a node cannot extend its lease without
 * learning, in the same answer, of every session taken from it while its previous lease was alive. The caller must
 * stop forwarding for every session in {@code handovers} <em>before</em> it counts on the renewed lease, and must do so
 * for every renewal that committed, even one whose answer it had stopped waiting for: each hand-over is handed out
 * once. The list holds at most one notice per session the node owned at that epoch: the latest, when a session was
 * taken from it, given back and taken again since the previous renewal. In no particular order.
 */
public record LeaseRenewal(NodeLease lease, List<Handover> handovers) {

    public LeaseRenewal {
        requireNonNull(lease, "lease");
        handovers = List.copyOf(requireNonNull(handovers, "handovers"));
        for (var handover : handovers) {
            if (!handover.from().equals(lease.node())) {
                throw new IllegalArgumentException("a renewal of " + lease.node()
                        + " carries only its own hand-overs, got one from " + handover.from());
            }
        }
    }
}
