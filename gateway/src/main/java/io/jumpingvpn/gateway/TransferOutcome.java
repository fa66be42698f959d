package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;

/** What moving one session to another owner (a migration, a drain, a failover) came to. */
public sealed interface TransferOutcome {

    SessionId id();

    /** The store moved the session to {@code to} at {@code version}. */
    record Transferred(SessionId id, NodeRef to, long version) implements TransferOutcome {
        public Transferred {
            requireNonNull(id, "id");
            requireNonNull(to, "to");
        }
    }

    /** The session did not move; {@code reason} is one readable line. */
    record NotTransferred(SessionId id, String reason) implements TransferOutcome {
        public NotTransferred {
            requireNonNull(id, "id");
            requireNonNull(reason, "reason");
        }
    }
}
