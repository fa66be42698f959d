package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * Terminates a session with a reason code. {@link Authority#OWNER} requires {@code node} to be the owner at its epoch;
 * {@link Authority#OPERATOR} (an admin action carried out by {@code node}) does not, but still compares the version.
 * Expired sessions can be terminated.
 *
 * <p>{@code transitions} is how far the termination advances the version: the transitions the owner kept locally
 * because the agent could not know of them yet (for example ATTACHED to RECOVERING on missed heartbeats), which the
 * version rule commits together with the termination, plus the termination itself. 1 when nothing is pending.
 *
 * @param transitions 1 to {@value #MAX_TRANSITIONS}
 */
public record TerminateCommit(
        SessionId id,
        long expectedVersion,
        NodeRef node,
        String reason,
        Authority authority,
        RequestId request,
        int transitions) {

    /** The most transitions one termination commits: more pending local transitions than this is a bug. */
    public static final int MAX_TRANSITIONS = 8;

    public enum Authority {
        OWNER,
        OPERATOR
    }

    public TerminateCommit {
        requireNonNull(id, "id");
        requireNonNull(node, "node");
        requireNonNull(authority, "authority");
        requireNonNull(request, "request");
        SessionRecord.terminationCode(reason);
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expectedVersion must be >= 1, got " + expectedVersion);
        }
        if (transitions < 1 || transitions > MAX_TRANSITIONS) {
            throw new IllegalArgumentException(
                    "transitions must be in [1, " + MAX_TRANSITIONS + "], got " + transitions);
        }
    }

    /** A termination with no pending local transitions: the version advances by one. */
    public TerminateCommit(
            SessionId id, long expectedVersion, NodeRef node, String reason, Authority authority, RequestId request) {
        this(id, expectedVersion, node, reason, authority, request, 1);
    }

    /** This termination, committing {@code transitions} transitions in all. */
    public TerminateCommit withTransitions(int transitions) {
        return new TerminateCommit(id, expectedVersion, node, reason, authority, request, transitions);
    }
}
