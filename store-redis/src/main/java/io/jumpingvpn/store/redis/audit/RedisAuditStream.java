package io.jumpingvpn.store.redis.audit;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.jumpingvpn.store.redis.internal.LettuceSetup;
import io.jumpingvpn.store.redis.internal.RedisTarget;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A cluster-wide audit trail in one Redis stream: every node appends its audit events with
 * {@code XADD key MAXLEN ~ maxLength * event <json line> [field value ...]}, so the stream stays bounded (Redis trims
 * whole stream nodes, so it may hold somewhat more than {@code maxLength} entries) and readers get the events of all
 * nodes in one order ({@code XRANGE}, {@code XREAD}, consumer groups).
 *
 * <p>Plain Lettuce on the same URIs as the session store (standalone, Sentinel, Cluster), with its failure behaviour:
 * commands are rejected at once while disconnected, never replayed after a reconnect, bounded by the command timeout.
 * {@link #append} never blocks: at most {@code maxInFlight} appends wait for Redis; beyond that an append fails at once.
 * It knows nothing of the gateway's events: it takes a JSON line and a few fields for filtering.
 */
public final class RedisAuditStream implements AutoCloseable {

    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private final AbstractRedisClient client;
    private final ClientResources resources;
    private final StatefulConnection<String, String> connection;
    private final RedisStreamAsyncCommands<String, String> commands;
    private final String key;
    private final XAddArgs trim;
    private final Semaphore inFlight;
    private final String display;

    private RedisAuditStream(
            AbstractRedisClient client,
            ClientResources resources,
            StatefulConnection<String, String> connection,
            RedisStreamAsyncCommands<String, String> commands,
            String key,
            long maxLength,
            int maxInFlight,
            String display) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = commands;
        this.key = key;
        this.trim = XAddArgs.Builder.maxlen(maxLength).approximateTrimming();
        this.inFlight = new Semaphore(maxInFlight);
        this.display = display;
    }

    /**
     * Connects to {@code uri} (any URI the session store takes; the connection is made now, bounded by the connect
     * timeout, and fails with an {@link IllegalStateException} of one line when Redis cannot be reached).
     *
     * @param key the stream's key, 1 to 256 printable characters
     * @param maxLength the approximate bound of the stream, 1 .. 1 000 000 000 entries
     * @param commandTimeout how long one XADD may take before it fails
     * @param maxInFlight appends that may wait for Redis at once, 1 .. 1 000 000
     */
    public static RedisAuditStream open(
            String uri, String key, long maxLength, Duration commandTimeout, int maxInFlight) {
        requireNonNull(uri, "uri");
        requireNonNull(key, "key");
        requireNonNull(commandTimeout, "commandTimeout");
        if (key.isEmpty() || key.length() > 256 || key.chars().anyMatch(c -> c < 33 || c > 126)) {
            throw new IllegalArgumentException(
                    "audit stream key '" + key + "' must be 1 to 256 printable characters without spaces");
        }
        if (maxLength < 1 || maxLength > 1_000_000_000L) {
            throw new IllegalArgumentException("audit stream length " + maxLength + " is outside 1..1000000000");
        }
        if (maxInFlight < 1 || maxInFlight > 1_000_000) {
            throw new IllegalArgumentException(
                    "audit stream in-flight bound " + maxInFlight + " is outside 1..1000000");
        }
        var options =
                RedisStoreOptions.builder(uri).commandTimeout(commandTimeout).build();
        var resources = LettuceSetup.resources(options);
        try {
            return switch (options.target()) {
                case RedisTarget.Standalone standalone ->
                    single(options, resources, standalone.uri(), key, maxLength, maxInFlight);
                case RedisTarget.Sentinel sentinel ->
                    single(options, resources, sentinel.uri(), key, maxLength, maxInFlight);
                case RedisTarget.Cluster cluster -> {
                    var seeds = cluster.seeds().stream()
                            .map(seed -> LettuceSetup.withTimeouts(
                                    io.lettuce.core.RedisURI.create(seed.toString()), options))
                            .toList();
                    var clusterClient = RedisClusterClient.create(resources, seeds);
                    clusterClient.setOptions(LettuceSetup.clusterClientOptions(options));
                    var connection = connectOrFail(clusterClient, options, clusterClient::connect);
                    yield new RedisAuditStream(
                            clusterClient,
                            resources,
                            connection,
                            connection.async(),
                            key,
                            maxLength,
                            maxInFlight,
                            options.displayUri());
                }
            };
        } catch (RuntimeException e) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static RedisAuditStream single(
            RedisStoreOptions options,
            ClientResources resources,
            RedisURI uri,
            String key,
            long maxLength,
            int maxInFlight) {
        // The options were parsed for this stream alone, so their (mutable) URI is ours to adjust.
        var redisClient = RedisClient.create(resources, LettuceSetup.withTimeouts(uri, options));
        redisClient.setOptions(LettuceSetup.clientOptions(options));
        var connection = connectOrFail(redisClient, options, redisClient::connect);
        return new RedisAuditStream(
                redisClient,
                resources,
                connection,
                connection.async(),
                key,
                maxLength,
                maxInFlight,
                options.displayUri());
    }

    private static <C> C connectOrFail(AbstractRedisClient client, RedisStoreOptions options, Supplier<C> connect) {
        try {
            return connect.get();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            var cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalStateException(
                    "cannot connect the audit stream to " + options.displayUri() + ": " + cause, e);
        }
    }

    /**
     * Appends one entry: field {@code event} holding {@code jsonLine}, then {@code fields} in their order (lower snake
     * case names, e.g. {@code event_type}, {@code node_id}). Completes with the entry id, or exceptionally when Redis
     * refused, was unreachable, did not answer in time, or too many appends were waiting already.
     */
    public CompletionStage<String> append(String jsonLine, Map<String, String> fields) {
        requireNonNull(jsonLine, "jsonLine");
        requireNonNull(fields, "fields");
        var body = new LinkedHashMap<String, String>();
        body.put("event", jsonLine);
        fields.forEach((name, value) -> {
            if (!FIELD.matcher(name).matches() || name.equals("event")) {
                throw new IllegalArgumentException("audit stream field name '" + name + "' is not allowed");
            }
            body.put(name, requireNonNull(value, "value of " + name));
        });
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "audit stream " + key + ": " + inFlight.availablePermits() + " appends already wait for Redis"));
        }
        try {
            return commands.xadd(key, trim, body).whenComplete((id, failure) -> inFlight.release());
        } catch (RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(e);
        }
    }

    public String key() {
        return key;
    }

    /** The Redis target, password masked. */
    public String display() {
        return display;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisAuditStream[" + display + " " + key + "]";
    }
}
