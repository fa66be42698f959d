package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.gateway.internal.transport.ReturnPath;
import io.jumpingvpn.protocol.channel.SecureChannel;

/**
 * One attachment of a session at this node: its secure channel (keys, counters, replay window), the path it is bound
 * to, the version it was agreed at, and the request that made it with the signed reply that answered it (resent as is
 * when the same request arrives again over the same path). Immutable; a session swaps its link atomically.
 */
record Link(SecureChannel channel, ReturnPath path, long version, String requestId, byte[] reply) {}
