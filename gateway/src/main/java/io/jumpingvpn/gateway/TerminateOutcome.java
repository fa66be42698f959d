package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.SessionId;

/** What an operator termination ({@link Gateway#terminate}) came to. */
public sealed interface TerminateOutcome {

    /** The store recorded the termination at {@code version}. */
    record Terminated(SessionId id, long version) implements TerminateOutcome {
        public Terminated {
            requireNonNull(id, "id");
        }
    }

    /** Nothing was terminated in the store; {@code reason} is one readable line. */
    record NotTerminated(SessionId id, String reason) implements TerminateOutcome {
        public NotTerminated {
            requireNonNull(id, "id");
            requireNonNull(reason, "reason");
        }
    }
}
