package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.store.SessionId;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which node serves a session. On a shared store ({@link #SHARED}) every node serves whatever reaches it; under sticky
 * routing the session's rendezvous owner does, and other nodes send the agent there. Thread-safe.
 */
public interface SessionRouter {

    /** Shared store: every session is served where it arrives, every node may give any birth. */
    SessionRouter SHARED = new SessionRouter() {
        @Override
        public boolean sticky() {
            return false;
        }

        @Override
        public Optional<ClusterMember> ownerElsewhere(String session) {
            return Optional.empty();
        }

        @Override
        public Optional<SessionId> newSessionId(Supplier<SessionId> fresh) {
            return Optional.of(fresh.get());
        }

        @Override
        public boolean settling(String session, long nowNanos) {
            return false;
        }
    };

    boolean sticky();

    /** The member that serves {@code session} when this node does not hold it; empty when that is this node. */
    Optional<ClusterMember> ownerElsewhere(String session);

    /** A fresh id (drawn from {@code fresh}) for a session born here; empty when this node may not give births. */
    Optional<SessionId> newSessionId(Supplier<SessionId> fresh);

    /**
     * Whether the record of {@code session}, which this node does not know, may still be on its way here: the node
     * started recently, or the membership changed recently and the session's previous owner is still a member and can
     * hand it over. Then its reattach is told "not now" rather than "no such session", which is final for the agent.
     */
    boolean settling(String session, long nowNanos);
}
