package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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
        // connectAsync needs the topology first (the blocking connect() loads it itself).
        return client.refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose(loaded -> client.connectAsync(StringCodec.UTF8))
                .thenCompose(connection -> openMasterConnections(connection).thenApply(opened -> connection));
    }

    /**
     * Opens the connection to every master before the store uses the cluster. Lettuce opens node connections lazily,
     * and with REJECT_COMMANDS it refuses a command whose node connection is still being opened (redis/lettuce#3747):
     * without this, the first command to each master would fail closed. A master that cannot be reached now is left
     * to Lettuce's lazy path: commands for its slots fail closed until it answers. Slot routing keys node connections
     * by host and port, so these are opened the same way.
     */
    private static CompletableFuture<Void> openMasterConnections(
            StatefulRedisClusterConnection<String, String> connection) {
        var opening = connection.getPartitions().stream()
                .filter(node -> node.getRole().isUpstream())
                .map(node -> connection
                        .getConnectionAsync(
                                node.getUri().getHost(), node.getUri().getPort(), ConnectionIntent.WRITE)
                        .handle((open, error) -> (Void) null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(opening);
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
        // Host and port, as Lettuce's own slot routing keys its node connections: the same connection either way.
        return connection
                .getConnectionAsync(master.getUri().getHost(), master.getUri().getPort(), ConnectionIntent.WRITE)
                .thenApply(node -> node.async());
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
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        // Subscriptions live on the connection's default node; Lettuce moves it when that node leaves the topology.
        return client.refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose(loaded -> client.connectPubSubAsync(StringCodec.UTF8))
                .thenApply(connection -> (StatefulRedisPubSubConnection<String, String>) connection);
    }

    @Override
    protected void shutdownClient() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
