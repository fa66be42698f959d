package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * Moves ownership to {@code newOwner} in one commit: the "commit version, move owner" step of freeze, commit, move,
 * resume. {@code committer} is either the current owner (a migration or a drain) or any live node taking over from an
 * owner whose lease is no longer alive (a failover, or a node reclaiming its own sessions under a new epoch). Both
 * {@code committer} and {@code newOwner} must hold live leases.
 */
public record TransferCommit(
        SessionId id, long expectedVersion, NodeRef committer, NodeRef newOwner, RequestId request) {

    public TransferCommit {
        requireNonNull(id, "id");
        requireNonNull(committer, "committer");
        requireNonNull(newOwner, "newOwner");
        requireNonNull(request, "request");
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expectedVersion must be >= 1, got " + expectedVersion);
        }
    }
}
