package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A notice to the node that lost a session: the commit at {@code version} took {@code session} away from {@code from}
 * (a node at one epoch). {@code to} is the new owner after a reattach or a transfer, and empty after a termination by
 * another node.
 *
 * <p>A store queues a notice when, and only when, a commit takes a session away from an owner whose lease at its epoch
 * is alive at that moment (an owner whose lease lapsed or was superseded can never renew again, so there is nobody to
 * tell): a reattach or a transfer that changes the owner, or an operator termination committed by a node other than
 * the owner. The displaced node receives it exactly once, with the renewal of its lease that follows the commit
 * ({@link SessionStore#renewNode}, {@link LeaseRenewal#handovers()}; a newer hand-over of the same session queued
 * before that renewal replaces it), and, best effort and usually sooner, through {@link SessionStore#watch}. On
 * receiving it the node stops forwarding for the session at once.
 *
 * @param version the version the displacing commit produced
 * @param from the displaced owner, at the epoch that owned the session
 * @param to the new owner; present exactly when {@code kind} is REATTACH or TRANSFER
 * @param kind REATTACH, TRANSFER or TERMINATE
 */
public record Handover(SessionId session, long version, NodeRef from, Optional<NodeRef> to, CommitKind kind) {

    public Handover {
        requireNonNull(session, "session");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(kind, "kind");
        if (version < 2) {
            throw new IllegalArgumentException(
                    "a hand-over follows a commit after the create: version must be >= 2, got " + version);
        }
        switch (kind) {
            case REATTACH, TRANSFER -> {
                if (to.isEmpty()) {
                    throw new IllegalArgumentException("a " + kind + " hand-over names the new owner");
                }
                if (to.get().equals(from)) {
                    throw new IllegalArgumentException(
                            "a hand-over moves the session to another owner, got " + from + " -> " + to.get());
                }
            }
            case TERMINATE -> {
                if (to.isPresent()) {
                    throw new IllegalArgumentException("a TERMINATE hand-over has no new owner, got " + to.get());
                }
            }
            case CREATE, TRANSITION ->
                throw new IllegalArgumentException("a " + kind + " commit never takes a session away from its owner");
        }
    }
}
