package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.SessionId;
import java.util.List;

/**
 * What to migrate ({@link Gateway#migrate}): the named sessions, or a share of those this node holds, to {@code
 * target}. Build with {@link #sessions} or {@link #share}.
 *
 * @param sessions the sessions to move; empty when a share is asked for
 * @param share the fraction (0 exclusive .. 1 inclusive) of this node's sessions to move, rounded up; 0 when sessions
 *     are named
 */
public record Migration(List<SessionId> sessions, double share, NodeId target) {

    public Migration {
        sessions = List.copyOf(requireNonNull(sessions, "sessions"));
        requireNonNull(target, "target");
        if (sessions.isEmpty() == (share == 0)) {
            throw new IllegalArgumentException("a migration names sessions or a share of them, exactly one of the two");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("a migration share is in (0, 1], got " + share);
        }
    }

    public static Migration sessions(List<SessionId> sessions, NodeId target) {
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("a migration of named sessions names at least one");
        }
        return new Migration(sessions, 0, target);
    }

    public static Migration share(double share, NodeId target) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a migration share is in (0, 1], got " + share);
        }
        return new Migration(List.of(), share, target);
    }
}
