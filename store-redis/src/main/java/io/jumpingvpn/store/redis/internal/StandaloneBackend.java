package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a standalone Redis, or a Master/Replica connection to the primary the Sentinels name (commands
 * and WAIT all go to the primary; replicas are never read). All callers share the primary's connection, which Lettuce
 * pipelines; WAIT therefore runs on the same connection as the commit it follows.
 */
final class StandaloneBackend extends ConnectingBackend<StatefulRedisConnection<String, String>> {

    private final RedisClient client;
    private final RedisURI uri;
    private final boolean sentinel;

    StandaloneBackend(RedisStoreOptions options, RedisURI uri, ScriptCatalog scripts, RateLimitedLog log) {
        super(options, scripts, log);
        this.uri = LettuceSetup.withTimeouts(uri, options);
        this.sentinel = !uri.getSentinels().isEmpty();
        this.client = RedisClient.create(resources);
        client.setOptions(LettuceSetup.clientOptions(options));
    }

    @Override
    protected CompletableFuture<StatefulRedisConnection<String, String>> connect() {
        if (sentinel) {
            // Master/Replica follows the Sentinels' +switch-master announcements, so commands move to the new primary
            // as soon as it is promoted instead of at the next reconnect (Sentinel demotes the old primary, and drops
            // its clients, only at its next check, seconds later: writes there meanwhile would be lost).
            return MasterReplica.connectAsync(client, StringCodec.UTF8, uri)
                    .thenApply(connection -> (StatefulRedisConnection<String, String>) connection);
        }
        return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }

    @Override
    protected CompletableFuture<RedisClusterAsyncCommands<String, String>> commandsFor(
            StatefulRedisConnection<String, String> connection, String key) {
        return CompletableFuture.completedFuture(connection.async());
    }

    @Override
    protected RedisClusterAsyncCommands<String, String> commandsAtHand(
            StatefulRedisConnection<String, String> connection, String key) {
        return connection.async();
    }

    @Override
    protected void loadScripts(StatefulRedisConnection<String, String> connection) {
        for (var script : scripts.all()) {
            send(() -> connection.async().scriptLoad(script.body())).whenComplete((sha, error) -> {
                if (error != null) {
                    log.warn(
                            "script-load",
                            "cannot load script " + script + ": "
                                    + Failure.of(error).message());
                } else if (!script.sha().equals(sha)) {
                    log.warn("script-digest", "Redis digests " + script + " as " + sha + ", not " + script.sha());
                }
            });
        }
    }

    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        // With a Sentinel URI, Lettuce asks the Sentinels for the primary on every (re)connect.
        return send(() -> client.connectPubSubAsync(StringCodec.UTF8, uri));
    }

    @Override
    protected void shutdownClient() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
