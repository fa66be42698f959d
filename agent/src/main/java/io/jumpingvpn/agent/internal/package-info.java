/**
 * Not API. The running agent: {@link io.jumpingvpn.agent.internal.AgentCore} owns one session on one event-loop thread;
 * {@link io.jumpingvpn.agent.internal.LivePhase} runs it on a live transport (heartbeats, quality, data, voluntary
 * switches), {@link io.jumpingvpn.agent.internal.AttachPhase} gets it attached (birth, recovery, retries, redirects).
 * The session's state and versions are the protocol's {@code SessionLedger}; nothing here keeps a second state
 * machine. Pure decision logic lives in the subpackages {@code quality}, {@code selection} and {@code recovery};
 * sockets live in {@code transport}.
 */
package io.jumpingvpn.agent.internal;
