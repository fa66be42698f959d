package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;

/** What handing a session to another node ({@link SessionImporter}, {@link Gateway#importSession}) came to. */
public sealed interface ImportOutcome {

    SessionId id();

    /** The target stored the session, owned by {@code owner}, at {@code version}; it binds it when the agent comes. */
    record Imported(SessionId id, NodeRef owner, long version) implements ImportOutcome {
        public Imported {
            requireNonNull(id, "id");
            requireNonNull(owner, "owner");
        }
    }

    /** The target answered and did not store it; {@code reason} is one readable line. */
    record Refused(SessionId id, String reason) implements ImportOutcome {
        public Refused {
            requireNonNull(id, "id");
            requireNonNull(reason, "reason");
        }
    }

    /** No answer: the target may or may not have stored it. Repeating the same hand-over settles it. */
    record Unknown(SessionId id, String cause) implements ImportOutcome {
        public Unknown {
            requireNonNull(id, "id");
            requireNonNull(cause, "cause");
        }
    }
}
