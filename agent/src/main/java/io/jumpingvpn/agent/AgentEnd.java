package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import java.util.Optional;

/** How an agent's run ended. */
public sealed interface AgentEnd {

    /** The session was terminated with {@code code} (including {@code OPERATOR_TERMINATE} by {@link Agent#close()}). */
    record SessionTerminated(String sessionId, TerminationCode code, long version, String detail) implements AgentEnd {
        public SessionTerminated {
            requireNonNull(sessionId, "sessionId");
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
        }
    }

    /**
     * No session was born: the handshake was refused for good ({@code code}), no gateway answered within the recovery
     * window, or the agent was closed first.
     */
    record BirthFailed(String detail, Optional<RejectCode> code) implements AgentEnd {
        public BirthFailed {
            requireNonNull(detail, "detail");
            requireNonNull(code, "code");
        }
    }
}
