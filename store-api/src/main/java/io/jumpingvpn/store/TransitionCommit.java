package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * Commits a state change the owner observed over a live transport (for example ATTACHED to VOLATILE). Only the owner
 * at its epoch may commit it, from the stored version and the stored state. TERMINATED goes through
 * {@link TerminateCommit}; nothing goes back to BIRTH.
 */
public record TransitionCommit(
        SessionId id, long expectedVersion, SessionState from, SessionState to, NodeRef node, RequestId request) {

    public TransitionCommit {
        requireNonNull(id, "id");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(node, "node");
        requireNonNull(request, "request");
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expectedVersion must be >= 1, got " + expectedVersion);
        }
        if (to == SessionState.BIRTH || to == SessionState.TERMINATED || from == SessionState.TERMINATED) {
            throw new IllegalArgumentException("a transition goes between live states, got " + from + " -> " + to);
        }
        if (from == to) {
            throw new IllegalArgumentException("a transition changes the state, got " + from + " -> " + to);
        }
    }
}
