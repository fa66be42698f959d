/**
 * The frames of the protocol and their byte encoding, documented byte by byte in {@code docs/protocol.md}.
 *
 * <p>{@link io.jumpingvpn.protocol.wire.Frame} is everything that travels: the signed handshake, reattach and redirect
 * frames, and {@link io.jumpingvpn.protocol.wire.SealedFrame}, whose AEAD-encrypted body is a
 * {@link io.jumpingvpn.protocol.wire.TunnelMessage} (DATA, HEARTBEAT, HEARTBEAT_ACK, STATE_UPDATE, TERMINATE).
 * {@link io.jumpingvpn.protocol.wire.FrameCodec} encodes and decodes frames; decoding never throws, it returns a
 * {@link io.jumpingvpn.protocol.wire.DecodeResult} whose drop reasons can be counted. The encoding is canonical: a frame
 * decodes only from the exact bytes its encoding produces, which lets signatures and transcripts be recomputed from the
 * records.
 *
 * <p>Records here check their own fields but nothing cryptographic: signatures are made and checked by
 * {@link io.jumpingvpn.protocol.crypto}, sealed bodies by {@link io.jumpingvpn.protocol.channel}.
 */
package io.jumpingvpn.protocol.wire;
