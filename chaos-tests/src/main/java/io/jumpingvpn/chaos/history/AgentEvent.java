package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A line of {@code agents/<agent-process>.jsonl}, written by the agent side.
 *
 * <p>Required besides the common fields: {@code version} and {@code node} for attached and accept; {@code state} for
 * state. A terminated event without a code is representable on purpose: the checker reports it.
 *
 * @param agent the agent (one agent process file may hold several agents)
 * @param version the binding version (attached, accept, reject_frame) or the local state version (state, terminated)
 * @param node the node the agent is attached to or got the frame from
 * @param code the termination code (terminated) or why a frame was refused (reject_frame)
 */
public record AgentEvent(
        long monoNs,
        String agent,
        String session,
        AgentEventType event,
        OptionalLong version,
        Optional<String> node,
        Optional<SessionStateName> state,
        Optional<String> code) {

    public AgentEvent {
        Text.nonNegative(monoNs, "mono_ns");
        Text.token(agent, "agent");
        Text.token(session, "session");
        requireNonNull(event, "event");
        requireNonNull(version, "version").ifPresent(value -> Text.nonNegative(value, "version"));
        requireNonNull(node, "node").ifPresent(value -> Text.token(value, "node"));
        requireNonNull(state, "state");
        requireNonNull(code, "code").ifPresent(value -> Text.free(value, "code"));
        switch (event) {
            case ATTACHED, ACCEPT -> {
                require(version.isPresent(), event, "version");
                require(node.isPresent(), event, "node");
            }
            case STATE -> require(state.isPresent(), event, "state");
            case REJECT_FRAME, TERMINATED -> {}
        }
    }

    private static void require(boolean present, AgentEventType event, String field) {
        if (!present) {
            throw new IllegalArgumentException("an agent " + event.json() + " event needs " + field);
        }
    }

    public static AgentEvent attached(long monoNs, String agent, String session, long version, String node) {
        return new AgentEvent(
                monoNs,
                agent,
                session,
                AgentEventType.ATTACHED,
                OptionalLong.of(version),
                Optional.of(node),
                Optional.empty(),
                Optional.empty());
    }

    public static AgentEvent accept(long monoNs, String agent, String session, long version, String node) {
        return new AgentEvent(
                monoNs,
                agent,
                session,
                AgentEventType.ACCEPT,
                OptionalLong.of(version),
                Optional.of(node),
                Optional.empty(),
                Optional.empty());
    }

    public static AgentEvent rejectFrame(
            long monoNs, String agent, String session, long version, String node, String why) {
        return new AgentEvent(
                monoNs,
                agent,
                session,
                AgentEventType.REJECT_FRAME,
                OptionalLong.of(version),
                Optional.of(node),
                Optional.empty(),
                Optional.of(why));
    }

    public static AgentEvent state(long monoNs, String agent, String session, SessionStateName state, long version) {
        return new AgentEvent(
                monoNs,
                agent,
                session,
                AgentEventType.STATE,
                OptionalLong.of(version),
                Optional.empty(),
                Optional.of(state),
                Optional.empty());
    }

    public static AgentEvent terminated(long monoNs, String agent, String session, String code, long version) {
        return new AgentEvent(
                monoNs,
                agent,
                session,
                AgentEventType.TERMINATED,
                OptionalLong.of(version),
                Optional.empty(),
                Optional.empty(),
                Optional.of(code));
    }
}
