/**
 * The data plane of a live attachment: {@link io.jumpingvpn.protocol.channel.SecureChannel} seals and opens the frames
 * of one attachment (DATA, HEARTBEAT, HEARTBEAT_ACK, STATE_UPDATE, TERMINATE) with ChaCha20-Poly1305 under the
 * attachment's per-direction traffic keys, and {@link io.jumpingvpn.protocol.channel.ReplayWindow} refuses replays
 * (RFC 6479). Handshakes and key agreement are in {@link io.jumpingvpn.protocol.crypto}; nothing here signs or does
 * I/O.
 */
package io.jumpingvpn.protocol.channel;
