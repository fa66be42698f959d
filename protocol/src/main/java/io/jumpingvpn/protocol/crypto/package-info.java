/**
 * The authenticated key exchange of every attachment, and the other signed exchanges.
 *
 * <ul>
 *   <li>Agent side: {@link io.jumpingvpn.protocol.crypto.AgentCrypto} starts a
 *       {@link io.jumpingvpn.protocol.crypto.PendingHandshake} or a {@link io.jumpingvpn.protocol.crypto.PendingReattach}
 *       and checks REDIRECTs against the pinned gateway key.
 *   <li>Gateway side: {@link io.jumpingvpn.protocol.crypto.GatewayCrypto} verifies HANDSHAKE_INIT and REATTACH_REQUEST
 *       (signature, freshness, allowlist), then answers with a signed ACK or REJECT bound to the request; it needs only
 *       public material about the agent, so any node can serve any reattach.
 *       {@link io.jumpingvpn.protocol.crypto.CookieJar} makes and checks stateless cookies under load.
 *   <li>Both end with an {@link io.jumpingvpn.protocol.crypto.Attachment}: the session id, the attachment version and
 *       the per-direction traffic keys derived by HKDF-SHA256 from a fresh X25519 secret and the transcript.
 * </ul>
 *
 * <p>Every signature and hash starts with a domain-separation label (docs/protocol.md, "Cryptography"). This package
 * does no I/O and keeps no session state beyond one attempt; the data plane is in
 * {@link io.jumpingvpn.protocol.channel}.
 */
package io.jumpingvpn.protocol.crypto;
