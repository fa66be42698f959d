package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.jumpingvpn.store.redis.internal.PendingReconciliations.Pending;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one session script and turns its reply, or its failure, into a {@link StoreResult}: a command Redis certainly
 * did not run is {@code STORE_UNAVAILABLE}; one that may have run (timeout, connection lost after writing, an
 * unreadable reply, too few WAIT acknowledgements) is {@code Unknown} and is remembered, so that the next operation on
 * the session first reconciles it and is refused if that cannot be done.
 */
public final class SessionCommits {

    private final RedisStoreOptions options;
    private final RedisBackend backend;
    private final ScriptCatalog scripts;
    private final PendingReconciliations pending = new PendingReconciliations();
    private final RateLimitedLog log;

    public SessionCommits(RedisStoreOptions options, RedisBackend backend, ScriptCatalog scripts, RateLimitedLog log) {
        this.options = requireNonNull(options, "options");
        this.backend = requireNonNull(backend, "backend");
        this.scripts = requireNonNull(scripts, "scripts");
        this.log = requireNonNull(log, "log");
    }

    /** How many sessions have a request whose outcome is still to be reconciled. */
    public int sessionsPending() {
        return pending.sessions();
    }

    /**
     * Settles the session's unknowns, then runs {@code script} on {@code keys} (record key, lease-slot key). The common
     * case (nothing to settle, no WAIT) is one stage on the backend's future: {@link #outcome} never throws.
     */
    public CompletableFuture<StoreResult<SessionRecord>> commit(
            SessionId id, Pending self, LuaScript script, String[] keys, String[] args) {
        if (pending.isEmpty(id) && options.waitReplicas() == 0) {
            return execute(id, self, script, keys, args);
        }
        CompletableFuture<StoreResult<SessionRecord>> result = pending.isEmpty(id)
                ? execute(id, self, script, keys, args)
                : settlePending(id, keys)
                        .thenCompose(
                                blocked -> blocked != null ? done(blocked) : execute(id, self, script, keys, args));
        return result.exceptionally(error -> unknown(id, self, Failure.unknown("store failure: " + error)));
    }

    private CompletableFuture<StoreResult<SessionRecord>> execute(
            SessionId id, Pending self, LuaScript script, String[] keys, String[] args) {
        var outcome =
                backend.evalText(script, keys, args).handle((reply, error) -> outcome(id, self, script, reply, error));
        if (options.waitReplicas() == 0) {
            return outcome;
        }
        return outcome.thenCompose(result -> replicated(id, self, keys[0], result));
    }

    /** The result of a script's reply or failure; anything unexpected is an unknown outcome, never an exception. */
    private StoreResult<SessionRecord> outcome(
            SessionId id, Pending self, LuaScript script, String reply, Throwable error) {
        try {
            return decided(id, self, script, reply, error);
        } catch (RuntimeException e) {
            return unknown(id, self, Failure.unknown("store failure: " + e));
        }
    }

    private StoreResult<SessionRecord> decided(
            SessionId id, Pending self, LuaScript script, String reply, Throwable error) {
        if (error != null) {
            var failure = Failure.of(error);
            if (failure.kind() == Failure.Kind.NOT_EXECUTED) {
                log.warn("unavailable", "Redis store unavailable: " + failure.message());
                return StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, failure.message());
            }
            return unknown(id, self, failure);
        }
        SessionReply decoded;
        try {
            decoded = SessionReply.decode(reply);
        } catch (RuntimeException e) {
            return unknown(id, self, Failure.unknown("unreadable reply from " + script + ": " + e.getMessage()));
        }
        return switch (decoded) {
            case SessionReply.Success s -> new StoreResult.Committed<>(s.record(), s.retried());
            case SessionReply.Refusal r -> refusal(r);
        };
    }

    private <T> StoreResult<T> refusal(SessionReply.Refusal refusal) {
        if (refusal.code() == StoreRejectCode.RECORD_CORRUPT) {
            log.warn("corrupt", "refused to touch a corrupt record: " + refusal.detail());
        }
        var version = refusal.version() >= 0 ? OptionalLong.of(refusal.version()) : OptionalLong.empty();
        return new StoreResult.Rejected<>(refusal.code(), refusal.detail(), version);
    }

    private <T> StoreResult<T> unknown(SessionId id, Pending self, Failure failure) {
        pending.add(id, self);
        log.warn("unknown", "outcome of a Redis store command is unknown: " + failure.message());
        return StoreResult.unknown(failure.message());
    }

    /** With WAIT configured, a commit counts only once enough replicas acknowledged it; otherwise it is unknown. */
    private CompletableFuture<StoreResult<SessionRecord>> replicated(
            SessionId id, Pending self, String key, StoreResult<SessionRecord> result) {
        int wanted = options.waitReplicas();
        boolean wrote = result instanceof StoreResult.Committed
                || result instanceof StoreResult.Rejected<SessionRecord> r && r.code() == StoreRejectCode.NOT_COMMITTED;
        if (wanted == 0 || !wrote) {
            return done(result);
        }
        return backend.waitForReplicas(key, wanted, options.waitTimeout().toMillis())
                .handle((acks, error) -> {
                    if (error == null && acks >= wanted) {
                        return result;
                    }
                    var why = error != null
                            ? "WAIT failed: " + Failure.of(error).message()
                            : "only " + acks + " of " + wanted + " replicas acknowledged within "
                                    + options.waitTimeout().toMillis() + " ms";
                    return unknown(id, self, Failure.unknown(why + "; the write may be lost in a failover"));
                });
    }

    /**
     * Settles this store's unknown requests on {@code id}. Completes with null when the session is clear, or with the
     * refusal to return instead of running the next operation.
     */
    public CompletableFuture<StoreResult<SessionRecord>> settlePending(SessionId id, String[] keys) {
        CompletableFuture<StoreResult<SessionRecord>> chain = done(null);
        for (var unknown : pending.of(id)) {
            chain = chain.thenCompose(blocked -> blocked != null
                    ? done(blocked)
                    : reconcile(id, unknown, keys)
                            .thenApply(result -> settles(result)
                                    ? null
                                    : StoreResult.rejected(
                                            StoreRejectCode.STORE_UNAVAILABLE,
                                            "request " + unknown.request() + " on session " + id
                                                    + " has an unknown outcome that could not be reconciled yet")));
        }
        return chain;
    }

    public CompletableFuture<StoreResult<SessionRecord>> reconcile(SessionId id, Pending unknown, String[] keys) {
        var node = unknown.node();
        return execute(id, unknown, scripts.reconcile(), keys, new String[] {
                    id.value(), unknown.request().value(), node.node().value(), Long.toString(node.epoch())
                })
                .thenApply(result -> {
                    if (settles(result)) {
                        pending.settle(id, unknown);
                    }
                    return result;
                });
    }

    private static boolean settles(StoreResult<?> result) {
        return switch (result) {
            case StoreResult.Committed<?> c -> true;
            case StoreResult.Rejected<?> r -> r.code() != StoreRejectCode.STORE_UNAVAILABLE;
            case StoreResult.Unknown<?> u -> false;
        };
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
