/**
 * Mechanics behind the Redis fixtures that are not API: free loopback ports, the JVM-wide process reaper, POSIX
 * signals, log tails, bounded waiting, config text and CLUSTER NODES parsing.
 *
 * <p>Other modules must not use this package; it changes whenever the fixtures need it to. Nothing here starts a
 * process on its own account: processes are started by {@link io.jumpingvpn.testkit.redis.RedisServer} and only
 * registered here so that they are ended by PID.
 */
package io.jumpingvpn.testkit.redis.internal;
