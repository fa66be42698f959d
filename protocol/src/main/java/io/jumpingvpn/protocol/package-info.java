/**
 * The Jumping VPN session protocol: what an agent and a gateway say to each other and the rules both follow.
 *
 * <ul>
 *   <li>{@link io.jumpingvpn.protocol.wire}: frames and their byte encoding (documented in {@code docs/protocol.md});
 *   <li>{@link io.jumpingvpn.protocol.keys}: Ed25519 identities, key files, the agent allowlist;
 *   <li>{@link io.jumpingvpn.protocol.crypto}: handshake, proof-of-possession reattach, redirects, cookies, traffic
 *       keys;
 *   <li>{@link io.jumpingvpn.protocol.channel}: AEAD-sealed frames of a live attachment and the replay window;
 *   <li>{@link io.jumpingvpn.protocol.state}: the session state machine and the version rule;
 *   <li>{@link io.jumpingvpn.protocol.policy}: the policy keys, their defaults and ranges.
 * </ul>
 *
 * <p>This package holds the vocabulary shared by all of them: the reject and termination codes. The module depends on
 * Bouncy Castle and the JDK only: no Netty, no store, no I/O beyond key files. It works on {@code byte[]} and
 * {@link java.nio.ByteBuffer}.
 */
package io.jumpingvpn.protocol;
