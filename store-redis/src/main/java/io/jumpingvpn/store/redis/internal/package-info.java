/**
 * How the Redis store works, not API: the Lettuce configuration and connections ({@code *Backend}), the key layout
 * and lease slots ({@link io.jumpingvpn.store.redis.internal.LeaseSlots}), node leases and the acknowledgement of the
 * hand-overs their renewals carry, script loading and reply decoding, the pub/sub subscriber of {@code watch}
 * ({@link io.jumpingvpn.store.redis.internal.OwnershipChannels}), failure classification and the bookkeeping of
 * unknown outcomes. The scripts themselves are resources
 * under {@code io/jumpingvpn/store/redis/lua/}.
 *
 * <p>Nothing here may be used from outside {@code store-redis}; the rules of the session table live in the scripts and
 * in {@code store-api}, not in Java code here.
 */
package io.jumpingvpn.store.redis.internal;
