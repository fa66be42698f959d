/**
 * The session state machine of the system brief (section 3), shared by gateway and agent.
 *
 * <p>{@link io.jumpingvpn.protocol.state.StateTable} is the pure table: which event moves which state where, and which
 * event wins when several coincide. {@link io.jumpingvpn.protocol.state.SessionLedger} applies it to one session and
 * keeps the version rule: transitions seen while the transport is dead stay local (pending) until an agent-proven
 * commit or termination; transitions over a live transport become real only once committed. Nothing here does I/O,
 * reads a clock or knows about frames or stores.
 */
package io.jumpingvpn.protocol.state;
