/**
 * The node history file the chaos checker reads ({@code nodes/<node>.jsonl}): one JSON line per bind, unbind, sampled
 * forward, lease proof and version, stamped with the monotonic clock. Written through the bounded writer queue, so it
 * never blocks the data path.
 */
package io.jumpingvpn.gateway.internal.history;
