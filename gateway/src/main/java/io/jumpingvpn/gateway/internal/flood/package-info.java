/**
 * Flood defence: token buckets per source address (bounded, least recently seen forgotten first), the handshake rate
 * meter that decides when cookies are required, and the budget for refusals that cost a signature. Pure logic over an
 * injected monotonic clock; no sockets, no crypto.
 */
package io.jumpingvpn.gateway.internal.flood;
