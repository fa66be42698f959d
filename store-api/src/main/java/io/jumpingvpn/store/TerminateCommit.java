package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * Terminates a session with a reason code. {@link Authority#OWNER} requires {@code node} to be the owner at its epoch;
 * {@link Authority#OPERATOR} (an admin action carried out by {@code node}) does not, but still compares the version.
 * Expired sessions can be terminated.
 */
public record TerminateCommit(
        SessionId id, long expectedVersion, NodeRef node, String reason, Authority authority, RequestId request) {

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
    }
}
