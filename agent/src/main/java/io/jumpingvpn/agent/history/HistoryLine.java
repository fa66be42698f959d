package io.jumpingvpn.agent.history;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.state.SessionState;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of an agent history file: {@code {"mono_ns", "agent", "session", "event", "version", "node", "state",
 * "code"}}, absent fields left out. The format is the chaos checker's ({@code chaos-tests}, {@code AgentEvent}).
 *
 * @param monoNs {@code System.nanoTime()} (the agent's monotonic source) when it happened
 * @param version the attachment version (attached, accept, reject_frame) or the state version (state, terminated)
 * @param node the gateway endpoint as a token ({@code 127.0.0.1_4500}): the agent knows nodes by what it dials
 * @param code the termination code (terminated) or why a frame was refused (reject_frame)
 */
public record HistoryLine(
        long monoNs,
        String agent,
        String session,
        Kind event,
        OptionalLong version,
        Optional<String> node,
        Optional<SessionState> state,
        Optional<String> code) {

    /** The {@code event} field. */
    public enum Kind {
        ATTACHED("attached"),
        ACCEPT("accept"),
        REJECT_FRAME("reject_frame"),
        STATE("state"),
        TERMINATED("terminated");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    public HistoryLine {
        requireNonNull(agent, "agent");
        requireNonNull(session, "session");
        requireNonNull(event, "event");
        requireNonNull(version, "version");
        requireNonNull(node, "node");
        requireNonNull(state, "state");
        requireNonNull(code, "code");
    }

    public static HistoryLine attached(long monoNs, String agent, String session, long version, String node) {
        return new HistoryLine(
                monoNs,
                agent,
                session,
                Kind.ATTACHED,
                OptionalLong.of(version),
                Optional.of(node),
                Optional.empty(),
                Optional.empty());
    }

    public static HistoryLine accept(long monoNs, String agent, String session, long version, String node) {
        return new HistoryLine(
                monoNs,
                agent,
                session,
                Kind.ACCEPT,
                OptionalLong.of(version),
                Optional.of(node),
                Optional.empty(),
                Optional.empty());
    }

    public static HistoryLine rejectFrame(
            long monoNs, String agent, String session, long version, String node, String why) {
        return new HistoryLine(
                monoNs,
                agent,
                session,
                Kind.REJECT_FRAME,
                OptionalLong.of(version),
                Optional.of(node),
                Optional.empty(),
                Optional.of(why));
    }

    public static HistoryLine state(long monoNs, String agent, String session, SessionState state, long version) {
        return new HistoryLine(
                monoNs,
                agent,
                session,
                Kind.STATE,
                OptionalLong.of(version),
                Optional.empty(),
                Optional.of(state),
                Optional.empty());
    }

    public static HistoryLine terminated(long monoNs, String agent, String session, String code, long version) {
        return new HistoryLine(
                monoNs,
                agent,
                session,
                Kind.TERMINATED,
                OptionalLong.of(version),
                Optional.empty(),
                Optional.empty(),
                Optional.of(code));
    }
}
