/**
 * Measuring a node from the outside of its internals: {@link io.jumpingvpn.gateway.metrics.MeteredSessionStore} (every
 * store call timed and counted by outcome, with no knowledge of the store behind it) and
 * {@link io.jumpingvpn.gateway.metrics.ProcessMeters} (JVM and Netty allocator meters). The node's own meters are
 * registered by the node itself; nothing here touches a socket or the data path.
 */
package io.jumpingvpn.gateway.metrics;
