/**
 * The Redis session store: {@link io.jumpingvpn.store.redis.RedisSessionStore}, created from
 * {@link io.jumpingvpn.store.redis.RedisStoreOptions}. Works against standalone Redis, Sentinel (primary + replicas)
 * and Redis Cluster, chosen by the connection URI.
 *
 * <p>Only the store and its options are API. How Redis is reached, the Lua scripts, the key layout and the lease
 * slots live in {@code internal} and may change; nothing outside this module may depend on them. This package must
 * not depend on any module but {@code store-api}.
 */
package io.jumpingvpn.store.redis;
