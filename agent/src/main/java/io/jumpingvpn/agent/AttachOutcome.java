package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.state.SessionState;

/** What {@link Agent#awaitAttached} saw. */
public sealed interface AttachOutcome {

    /** The session is attached (ATTACHED, VOLATILE or DEGRADED) at {@code version}. */
    record Attached(String sessionId, long version) implements AttachOutcome {
        public Attached {
            requireNonNull(sessionId, "sessionId");
        }
    }

    /** The wait timed out; the session was in {@code state}. */
    record NotYet(SessionState state) implements AttachOutcome {
        public NotYet {
            requireNonNull(state, "state");
        }
    }

    /** The agent's run is over. */
    record Ended(AgentEnd end) implements AttachOutcome {
        public Ended {
            requireNonNull(end, "end");
        }
    }
}
