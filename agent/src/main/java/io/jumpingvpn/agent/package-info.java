/**
 * The Jumping VPN agent: the client side of a session that survives its transports.
 *
 * <p>{@link io.jumpingvpn.agent.Agent#start(io.jumpingvpn.agent.AgentConfig)} runs one session: the handshake with the
 * best-ranked gateway candidate, heartbeats measuring loss, round trip and jitter, volatility detection, candidate
 * ranking and switch limits, bounded recovery with reattaches over new sockets, the local UDP forward, and explicit
 * termination. What happens is reported to an {@link io.jumpingvpn.agent.AgentListener} as
 * {@link io.jumpingvpn.agent.AgentEvent}s and summed up by {@link io.jumpingvpn.agent.AgentStatus}.
 *
 * <p>This package holds the public API only: configuration, events, status, outcomes. The machinery is in
 * {@code io.jumpingvpn.agent.internal} and its subpackages, which are not API. The agent depends on the protocol module
 * and Netty; it knows nothing of gateways' internals or stores. docs/agent.md describes the behaviour.
 */
package io.jumpingvpn.agent;
