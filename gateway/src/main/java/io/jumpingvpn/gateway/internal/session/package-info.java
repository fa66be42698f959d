/**
 * The session service: frame routing, the handshake and reattach pipelines in the validation order of
 * docs/protocol.md, the live attachment (heartbeats, state updates, terminations), the data path, detection and the
 * sweep, reconciliation of unknown store outcomes. The state machine is the protocol's {@code SessionLedger}; nothing
 * here keeps a second one.
 *
 * <p>Threading: frames are decoded and the data path runs on the event loop that received them; everything that
 * changes a session runs in that session's lane ({@code Lanes}: one task at a time, store completions continued on the
 * lane's executor); signature checks run on the bounded control executor; the sweeper only queues lane tasks. Only
 * {@link io.jumpingvpn.gateway.internal.session.SessionService} is used from outside this package.
 */
package io.jumpingvpn.gateway.internal.session;
