package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the standalone and cluster backends share: a connection opened lazily and retried with a delay when opening
 * fails (once open, Lettuce's own reconnect keeps it alive), EVALSHA with the NOSCRIPT fallback, and failure
 * classification. A store can therefore be created while Redis is down; its calls fail closed until Redis is back.
 */
abstract class ConnectingBackend<C extends StatefulConnection<String, String>> implements RedisBackend {

    private static final long SCRIPT_RELOAD_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    protected final RedisStoreOptions options;
    protected final ScriptCatalog scripts;
    protected final RateLimitedLog log;
    protected final ClientResources resources;

    private final AtomicReference<CompletableFuture<C>> connection = new AtomicReference<>();
    private final AtomicLong retryAfterNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong lastScriptReloadNanos = new AtomicLong(System.nanoTime() - SCRIPT_RELOAD_INTERVAL_NANOS);
    private volatile boolean closed;

    ConnectingBackend(RedisStoreOptions options, ScriptCatalog scripts, RateLimitedLog log) {
        this.options = options;
        this.scripts = scripts;
        this.log = log;
        this.resources = LettuceSetup.resources(options);
    }

    /** Opens the connection; the future may complete exceptionally with any Lettuce exception. */
    protected abstract CompletableFuture<C> connect();

    /** The commands that route {@code key} (null for a command without a key) on an open connection. */
    protected abstract CompletableFuture<RedisClusterAsyncCommands<String, String>> commandsFor(
            C connection, String key);

    /** Script loading on an open connection. */
    protected abstract void loadScripts(C connection);

    protected abstract void shutdownClient();

    protected final CompletableFuture<C> connection() {
        var current = connection.get();
        if (current != null && !(current.isCompletedExceptionally() && System.nanoTime() >= retryAfterNanos.get())) {
            return current;
        }
        if (closed) {
            return CompletableFuture.failedFuture(
                    new Failure.FailureException(Failure.notExecuted("the store is closed")));
        }
        var fresh = new CompletableFuture<C>();
        if (!connection.compareAndSet(current, fresh)) {
            return connection.get();
        }
        CompletableFuture<C> opening;
        try {
            opening = connect();
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((open, error) -> {
            if (error != null) {
                var failure = Failure.of(error);
                retryAfterNanos.set(
                        System.nanoTime() + options.reconnectDelayMax().toNanos());
                log.warn(
                        "connect",
                        "cannot connect to Redis at " + options.displayUri() + ": " + failure.message()
                                + rootCause(error));
                fresh.completeExceptionally(new Failure.FailureException(
                        Failure.notExecuted("cannot connect to Redis at " + options.displayUri())));
                return;
            }
            if (closed) {
                open.closeAsync();
                fresh.completeExceptionally(new Failure.FailureException(Failure.notExecuted("the store is closed")));
                return;
            }
            log.info("connected", "connected to Redis at " + options.displayUri());
            loadScripts(open);
            fresh.complete(open);
        });
        return fresh;
    }

    /** The innermost cause, when it says more than the wrapper Lettuce puts around it. */
    private static String rootCause(Throwable error) {
        var root = error;
        for (int depth = 0; depth < 16 && root.getCause() != null; depth++) {
            root = root.getCause();
        }
        return root == error ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    protected final CompletableFuture<RedisClusterAsyncCommands<String, String>> commands(String key) {
        var open = connection();
        if (open.isDone() && !open.isCompletedExceptionally()) {
            return commandsFor(open.join(), key);
        }
        return open.thenCompose(c -> commandsFor(c, key));
    }

    /**
     * The commands for {@code key} when they are at hand without waiting (the common case: connected, no per-node
     * routing), else null.
     */
    protected abstract RedisClusterAsyncCommands<String, String> commandsAtHand(C connection, String key);

    @Override
    public CompletableFuture<List<Object>> eval(LuaScript script, String[] keys, String[] args) {
        return evalAs(ScriptOutputType.MULTI, script, keys, args);
    }

    @Override
    public CompletableFuture<String> evalText(LuaScript script, String[] keys, String[] args) {
        return evalAs(ScriptOutputType.VALUE, script, keys, args);
    }

    /** Lettuce decodes the reply as {@code output} says: MULTI into a {@code List<Object>}, VALUE into a String. */
    private <T> CompletableFuture<T> evalAs(ScriptOutputType output, LuaScript script, String[] keys, String[] args) {
        var open = connection.get();
        if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
            var direct = commandsAtHand(open.join(), keys[0]);
            if (direct != null) {
                return evalOn(direct, output, script, keys, args);
            }
        }
        return commands(keys[0])
                .thenCompose(commands -> this.<T>evalOn(commands, output, script, keys, args))
                .exceptionallyCompose(ConnectingBackend::classified);
    }

    /**
     * EVALSHA; on NOSCRIPT (nothing ran) EVAL once. Fails only with a classified {@link Failure.FailureException}. The
     * common path is one stage on Lettuce's future.
     */
    private <T> CompletableFuture<T> evalOn(
            RedisClusterAsyncCommands<String, String> commands,
            ScriptOutputType output,
            LuaScript script,
            String[] keys,
            String[] args) {
        CompletableFuture<T> first;
        try {
            first = commands.<T>evalsha(script.sha(), output, keys, args).toCompletableFuture();
        } catch (RuntimeException e) {
            first = CompletableFuture.failedFuture(e);
        }
        return first.exceptionallyCompose(error -> {
            var failure = Failure.of(error);
            if (failure.kind() != Failure.Kind.NO_SCRIPT) {
                return CompletableFuture.failedFuture(new Failure.FailureException(failure));
            }
            log.warn("noscript", "Redis does not have script " + script + " cached; sending it again and reloading");
            reloadScriptsSoon();
            return ConnectingBackend.<T>send(() -> commands.<T>eval(script.body(), output, keys, args))
                    .exceptionallyCompose(ConnectingBackend::classified);
        });
    }

    @Override
    public CompletableFuture<Long> incr(String key) {
        return commands(key)
                .thenCompose(c -> send(() -> c.incr(key)))
                .exceptionallyCompose(ConnectingBackend::classified);
    }

    @Override
    public CompletableFuture<Long> incrBy(String key, long amount) {
        return commands(key)
                .thenCompose(c -> send(() -> c.incrby(key, amount)))
                .exceptionallyCompose(ConnectingBackend::classified);
    }

    @Override
    public CompletableFuture<KeyScanCursor<String>> scan(ScanCursor cursor, String match, long count) {
        var args = ScanArgs.Builder.matches(match).limit(count);
        return commands(null)
                .thenCompose(c -> send(() -> c.scan(cursor, args)))
                .exceptionallyCompose(ConnectingBackend::classified);
    }

    @Override
    public CompletableFuture<Long> publish(String channel, String message) {
        return commands(channel)
                .thenCompose(c -> send(() -> c.publish(channel, message)))
                .exceptionallyCompose(ConnectingBackend::classified);
    }

    @Override
    public CompletableFuture<Long> waitForReplicas(String key, int replicas, long timeoutMs) {
        return commands(key)
                .thenCompose(c -> send(() -> c.waitForReplication(replicas, timeoutMs)))
                .exceptionallyCompose(ConnectingBackend::classified);
    }

    @Override
    public void loadScripts() {
        var open = connection.get();
        if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
            loadScripts(open.join());
        }
    }

    private void reloadScriptsSoon() {
        long now = System.nanoTime();
        long last = lastScriptReloadNanos.get();
        if (now - last >= SCRIPT_RELOAD_INTERVAL_NANOS && lastScriptReloadNanos.compareAndSet(last, now)) {
            loadScripts();
        }
    }

    /** Sends a command, turning a synchronous throw into a failed future. */
    protected static <T> CompletableFuture<T> send(
            Supplier<? extends java.util.concurrent.CompletionStage<T>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    protected static <T> CompletableFuture<T> classified(Throwable error) {
        var failure = Failure.of(error);
        return CompletableFuture.failedFuture(new Failure.FailureException(failure));
    }

    @Override
    public void close() {
        closed = true;
        var current = connection.getAndSet(CompletableFuture.failedFuture(
                new Failure.FailureException(Failure.notExecuted("the store is closed"))));
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        shutdownClient();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    protected final Duration commandTimeout() {
        return options.commandTimeout();
    }
}
