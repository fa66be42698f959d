package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.gateway.internal.transport.ReturnPath;
import io.jumpingvpn.protocol.channel.SecureChannel;

/**
 * One attachment of a session at this node: its secure channel (keys, counters, replay window), the path it is bound
 * to, the version it was agreed at, the request that made it with the signed reply that answered it (resent as is
 * when the same request arrives again over the same path), and the {@link Gate} that says whether DATA may be
 * forwarded for it now. Immutable (the gate is the one mutable part); a session swaps its link atomically.
 */
record Link(SecureChannel channel, ReturnPath path, long version, String requestId, byte[] reply, Gate gate) {}
