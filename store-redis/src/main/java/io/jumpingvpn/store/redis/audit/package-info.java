/**
 * The cluster-wide audit trail in a Redis stream ({@link io.jumpingvpn.store.redis.audit.RedisAuditStream}): bounded
 * XADDs of JSON lines through Lettuce. It shares the store's URIs and failure settings but none of its keys or scripts,
 * and knows nothing of the gateway: the adapter to the gateway's audit sink lives in {@code deploy}.
 */
package io.jumpingvpn.store.redis.audit;
