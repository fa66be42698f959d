package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster connection. Keyed commands are routed by Lettuce to the master of the key's slot, following
 * redirections. When WAIT is configured, commits and their WAIT both go through the node connection of the slot's
 * master instead, because WAIT only covers writes made on the connection it is sent on.
 */
final class ClusterBackend extends ConnectingBackend<StatefulRedisClusterConnection<String, String>> {

    private final RedisClusterClient client;
    private final boolean routeByNode;

    ClusterBackend(RedisStoreOptions options, List<RedisURI> seeds, ScriptCatalog scripts, RateLimitedLog log) {
        super(options, scripts, log);
        var timed = seeds.stream()
                .map(seed -> LettuceSetup.withTimeouts(seed, options))
                .toList();
        this.client = RedisClusterClient.create(resources, timed);
        client.setOptions(LettuceSetup.clusterClientOptions(options));
        this.routeByNode = options.waitReplicas() > 0;
    }

    @Override
    protected CompletableFuture<StatefulRedisClusterConnection<String, String>> connect() {
        return client.connectAsync(StringCodec.UTF8);
    }

    @Override
    protected CompletableFuture<RedisClusterAsyncCommands<String, String>> commandsFor(
            StatefulRedisClusterConnection<String, String> connection, String key) {
        if (!routeByNode || key == null) {
            return CompletableFuture.completedFuture(connection.async());
        }
        int slot = SlotHash.getSlot(key);
        var master = connection.getPartitions().getMasterBySlot(slot);
        if (master == null) {
            return CompletableFuture.failedFuture(
                    new Failure.FailureException(Failure.notExecuted("no cluster master serves slot " + slot)));
        }
        return connection.getConnectionAsync(master.getNodeId()).thenApply(node -> node.async());
    }

    @Override
    protected RedisClusterAsyncCommands<String, String> commandsAtHand(
            StatefulRedisClusterConnection<String, String> connection, String key) {
        return routeByNode ? null : connection.async();
    }

    @Override
    protected void loadScripts(StatefulRedisClusterConnection<String, String> connection) {
        // The advanced cluster API sends SCRIPT LOAD to every node.
        for (var script : scripts.all()) {
            send(() -> connection.async().scriptLoad(script.body())).whenComplete((sha, error) -> {
                if (error != null) {
                    log.warn(
                            "script-load",
                            "cannot load script " + script + ": "
                                    + Failure.of(error).message());
                }
            });
        }
    }

    @Override
    protected void shutdownClient() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
