/**
 * Real {@code redis-server} processes on free loopback ports for integration tests and the chaos runner: a
 * standalone server ({@link io.jumpingvpn.testkit.redis.RedisServer}), a primary with replicas watched by Sentinels
 * ({@link io.jumpingvpn.testkit.redis.RedisSentinelGroup}) and a Redis Cluster
 * ({@link io.jumpingvpn.testkit.redis.RedisCluster}), plus one JVM-wide shared standalone server
 * ({@link io.jumpingvpn.testkit.redis.SharedRedis}).
 *
 * <p>Every process runs in its own temporary directory, is ended by its PID, and is killed by a shutdown hook if a test
 * forgets it. Nothing here fakes Redis or skips when it is missing: without a {@code redis-server} binary the fixtures
 * fail with the command that installs one. This package must not depend on JUnit or on a Redis client library; it is
 * used at runtime by the chaos runner.
 */
package io.jumpingvpn.testkit.redis;
