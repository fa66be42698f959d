package io.jumpingvpn.store.redis.internal;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The few things the store needs from Redis, the same for every mode. Every future completes exceptionally only with
 * a {@link Failure.FailureException}, already classified.
 */
public interface RedisBackend extends AutoCloseable {

    /**
     * Runs {@code script} atomically with EVALSHA; on NOSCRIPT (nothing ran) it is sent once more with EVAL and the
     * script cache is reloaded in the background. All keys must share one slot; the first key routes it.
     */
    CompletableFuture<List<Object>> eval(LuaScript script, String[] keys, String[] args);

    /** {@link #eval} for a script whose reply is one bulk string (the session scripts). */
    CompletableFuture<String> evalText(LuaScript script, String[] keys, String[] args);

    /**
     * {@code WAIT replicas timeout} on the connection that carried the last {@link #eval} for {@code key}'s slot, so
     * that it covers that write. Completes with the number of replicas that acknowledged.
     */
    CompletableFuture<Long> waitForReplicas(String key, int replicas, long timeoutMs);

    CompletableFuture<Long> incr(String key);

    CompletableFuture<Long> incrBy(String key, long amount);

    /** One SCAN step over the whole key space (every master in cluster mode). */
    CompletableFuture<KeyScanCursor<String>> scan(ScanCursor cursor, String match, long count);

    /** PUBLISH; completes with the number of receivers Redis counted (in Cluster mode, on the node it ran on only). */
    CompletableFuture<Long> publish(String channel, String message);

    /**
     * Opens a dedicated pub/sub connection with the store's client options (standalone: the server; Sentinel: the
     * primary the Sentinels name, found again on every reconnect; Cluster: one node, PUBLISH reaches every node).
     */
    CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub();

    /** Loads every script into every node's script cache (best effort). */
    void loadScripts();

    @Override
    void close();
}
