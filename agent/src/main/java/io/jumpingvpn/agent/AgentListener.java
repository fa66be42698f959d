package io.jumpingvpn.agent;

/**
 * Receives an agent's {@link AgentEvent}s, in order, on the agent's event-loop thread. It must return quickly and must
 * not block (hand work to another thread if needed): the same thread carries the session's traffic. An exception it
 * throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface AgentListener {

    AgentListener NONE = event -> {};

    void onEvent(AgentEvent event);
}
