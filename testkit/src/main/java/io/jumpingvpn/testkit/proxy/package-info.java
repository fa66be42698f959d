/**
 * A fault-injecting TCP proxy on loopback ({@link io.jumpingvpn.testkit.proxy.FaultProxy}): put it between a client
 * and a server, then black-hole, delay, swallow replies or reset connections with
 * {@link io.jumpingvpn.testkit.proxy.FaultMode}, for fault tests and the chaos runner's partitions.
 *
 * <p>It knows nothing of Redis or of any protocol: it moves bytes, or refuses to. It must not depend on the Redis
 * fixtures, nor on JUnit.
 */
package io.jumpingvpn.testkit.proxy;
