package io.jumpingvpn.store.redis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.store.redis.internal.Failure;
import io.jumpingvpn.store.redis.internal.LeaseSlots;
import io.jumpingvpn.store.redis.internal.LuaScript;
import io.jumpingvpn.store.redis.internal.NodeLeases;
import io.jumpingvpn.store.redis.internal.PendingReconciliations;
import io.jumpingvpn.store.redis.internal.PendingReconciliations.Pending;
import io.jumpingvpn.store.redis.internal.RateLimitedLog;
import io.jumpingvpn.store.redis.internal.RedisBackend;
import io.jumpingvpn.store.redis.internal.RedisBackends;
import io.jumpingvpn.store.redis.internal.ScriptCatalog;
import io.jumpingvpn.store.redis.internal.SessionLister;
import io.jumpingvpn.store.redis.internal.SessionReply;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The session table in Redis (standalone, Sentinel or Cluster, chosen by the URI). Every mutation is one Lua script
 * run with EVALSHA; the rules are those of {@link SessionStore}, enforced inside the scripts with the store's clock.
 *
 * <p>Failures never escape as exceptions. A command Redis certainly did not run is {@code STORE_UNAVAILABLE}; one that
 * may have run (timeout, connection lost after writing, too few replica acknowledgements) is {@code Unknown}, and the
 * request is remembered: the next operation on that session first reconciles it (committed, or fenced so it never
 * commits). When that reconciliation cannot reach Redis, the operation is refused with {@code STORE_UNAVAILABLE}.
 */
public final class RedisSessionStore implements SessionStore {

    private final RedisStoreOptions options;
    private final RedisBackend backend;
    private final ScriptCatalog scripts;
    private final LeaseSlots slots;
    private final NodeLeases leases;
    private final SessionLister lister;
    private final PendingReconciliations pending = new PendingReconciliations();
    private final RateLimitedLog log;
    private final String retentionMs;
    private volatile boolean closed;

    private RedisSessionStore(RedisStoreOptions options) {
        this.options = options;
        this.log = new RateLimitedLog(
                LoggerFactory.getLogger(RedisSessionStore.class), 10, TimeUnit.SECONDS, System::nanoTime);
        this.scripts = ScriptCatalog.load();
        this.slots = RedisBackends.isCluster(options)
                ? LeaseSlots.cluster(options.keyPrefix(), options.clusterLeaseSlots())
                : LeaseSlots.single(options.keyPrefix());
        this.backend = RedisBackends.open(options, scripts, log);
        this.leases = new NodeLeases(backend, slots, scripts, log);
        this.lister = new SessionLister(backend, slots, scripts, log);
        this.retentionMs = Long.toString(options.tombstoneRetention().toMillis());
    }

    /**
     * Creates the store. It connects in the background: while Redis cannot be reached, calls fail closed with
     * {@code STORE_UNAVAILABLE}, and the connection is retried.
     */
    public static RedisSessionStore open(RedisStoreOptions options) {
        return new RedisSessionStore(requireNonNull(options, "options"));
    }

    public RedisStoreOptions options() {
        return options;
    }

    /** How many sessions have a request of this store whose outcome is still to be reconciled. */
    public int sessionsPendingReconciliation() {
        return pending.sessions();
    }

    @Override
    public SessionId newSessionId() {
        return slots.newSessionId();
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
        requireNonNull(request, "request");
        var owner = request.owner();
        return mutate(
                request.id(),
                new Pending(request.request(), owner),
                scripts.create(),
                true,
                request.id().value(),
                request.agentKey().toString(),
                owner.node().value(),
                Long.toString(owner.epoch()),
                request.binding().toString(),
                request.request().value(),
                Long.toString(request.maxLifetime().toMillis()),
                request.policyRef(),
                retentionMs);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
        requireNonNull(request, "request");
        var node = request.node();
        return mutate(
                request.id(),
                new Pending(request.request(), node),
                scripts.reattach(),
                false,
                request.id().value(),
                Long.toString(request.expectedVersion()),
                Long.toString(request.nonce()),
                request.request().value(),
                node.node().value(),
                Long.toString(node.epoch()),
                request.binding().toString());
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
        requireNonNull(request, "request");
        var node = request.node();
        return mutate(
                request.id(),
                new Pending(request.request(), node),
                scripts.transition(),
                false,
                request.id().value(),
                Long.toString(request.expectedVersion()),
                request.from().name(),
                request.to().name(),
                node.node().value(),
                Long.toString(node.epoch()),
                request.request().value());
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
        requireNonNull(request, "request");
        var node = request.node();
        return mutate(
                request.id(),
                new Pending(request.request(), node),
                scripts.terminate(),
                false,
                request.id().value(),
                Long.toString(request.expectedVersion()),
                node.node().value(),
                Long.toString(node.epoch()),
                request.reason(),
                request.authority().name(),
                request.request().value(),
                retentionMs);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
        requireNonNull(request, "request");
        var committer = request.committer();
        var newOwner = request.newOwner();
        return mutate(
                request.id(),
                new Pending(request.request(), committer),
                scripts.transfer(),
                false,
                request.id().value(),
                Long.toString(request.expectedVersion()),
                committer.node().value(),
                Long.toString(committer.epoch()),
                newOwner.node().value(),
                Long.toString(newOwner.epoch()),
                request.request().value());
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
        requireNonNull(id, "id");
        var unknown = new Pending(requireNonNull(request, "request"), requireNonNull(node, "node"));
        var keys = keys(id);
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        if (keys == null) {
            return done(StoreResult.rejected(StoreRejectCode.SESSION_NOT_FOUND, "no session " + id));
        }
        return reconcileOne(id, unknown, keys);
    }

    @Override
    public CompletionStage<ReadResult> read(SessionId id) {
        requireNonNull(id, "id");
        var keys = keys(id);
        if (closed) {
            return done(new ReadResult.Unavailable("the store is closed"));
        }
        if (keys == null) {
            return done(new ReadResult.Absent());
        }
        return settlePending(id, keys)
                .thenCompose(blocked -> blocked != null
                        ? done(new ReadResult.Unavailable(((StoreResult.Rejected<?>) blocked).detail()))
                        : lister.read(id, keys))
                .exceptionally(
                        error -> new ReadResult.Unavailable(Failure.of(error).message()));
    }

    @Override
    public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        requireNonNull(ownedBy, "ownedBy");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        return lister.list(ownedBy, limit);
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
        requireNonNull(node, "node");
        checkLease(lease);
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        return guarded(leases.register(node, lease));
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> renewNode(NodeRef node, String incarnation, Duration lease) {
        requireNonNull(node, "node");
        requireNonNull(incarnation, "incarnation");
        checkLease(lease);
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        return guarded(leases.renew(node, incarnation, lease));
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
        requireNonNull(node, "node");
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        return guarded(leases.release(node));
    }

    @Override
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        return guarded(leases.nodes());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        backend.close();
    }

    /** The session's two keys (record, lease slot), or null when the id cannot have a record in this store. */
    private String[] keys(SessionId id) {
        var leaseKey = slots.leaseKeyFor(id);
        return leaseKey == null ? null : new String[] {slots.sessionKey(id), leaseKey};
    }

    private CompletionStage<StoreResult<SessionRecord>> mutate(
            SessionId id, Pending self, LuaScript script, boolean creating, String... args) {
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        var keys = keys(id);
        if (keys == null) {
            return done(
                    creating
                            ? StoreResult.rejected(
                                    StoreRejectCode.INVALID_STATE,
                                    "session id " + id + " does not map to a lease slot of this store;"
                                            + " use newSessionId()")
                            : StoreResult.rejected(StoreRejectCode.SESSION_NOT_FOUND, "no session " + id));
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
                backend.eval(script, keys, args).handle((reply, error) -> outcome(id, self, script, reply, error));
        if (options.waitReplicas() == 0) {
            return outcome;
        }
        return outcome.thenCompose(result -> replicated(id, self, keys[0], result));
    }

    private StoreResult<SessionRecord> outcome(
            SessionId id, Pending self, LuaScript script, List<Object> reply, Throwable error) {
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
    private CompletableFuture<StoreResult<SessionRecord>> settlePending(SessionId id, String[] keys) {
        CompletableFuture<StoreResult<SessionRecord>> chain = done(null);
        for (var unknown : pending.of(id)) {
            chain = chain.thenCompose(blocked -> blocked != null
                    ? done(blocked)
                    : reconcileOne(id, unknown, keys)
                            .thenApply(result -> settles(result)
                                    ? null
                                    : StoreResult.rejected(
                                            StoreRejectCode.STORE_UNAVAILABLE,
                                            "request " + unknown.request() + " on session " + id
                                                    + " has an unknown outcome that could not be reconciled yet")));
        }
        return chain;
    }

    private CompletableFuture<StoreResult<SessionRecord>> reconcileOne(SessionId id, Pending unknown, String[] keys) {
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

    private <T> CompletionStage<StoreResult<T>> guarded(CompletionStage<StoreResult<T>> stage) {
        return stage.exceptionally(error ->
                StoreResult.unknown("store failure: " + Failure.of(error).message()));
    }

    private static void checkLease(Duration lease) {
        requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("lease must be at least 1 ms, got " + lease);
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
