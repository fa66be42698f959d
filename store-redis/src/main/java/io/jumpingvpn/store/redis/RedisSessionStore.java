package io.jumpingvpn.store.redis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.store.redis.internal.Failure;
import io.jumpingvpn.store.redis.internal.LeaseSlots;
import io.jumpingvpn.store.redis.internal.LuaScript;
import io.jumpingvpn.store.redis.internal.NodeLeases;
import io.jumpingvpn.store.redis.internal.OwnershipChannels;
import io.jumpingvpn.store.redis.internal.PendingReconciliations.Pending;
import io.jumpingvpn.store.redis.internal.RateLimitedLog;
import io.jumpingvpn.store.redis.internal.RedisBackend;
import io.jumpingvpn.store.redis.internal.RedisBackends;
import io.jumpingvpn.store.redis.internal.ScriptCatalog;
import io.jumpingvpn.store.redis.internal.SessionCommits;
import io.jumpingvpn.store.redis.internal.SessionLister;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Hand-overs are queued by the commit scripts in the lease slot of the session, published on
 * {@code <prefix>:handover:<node>}, and handed out by renewals; {@link #watch} listens on a dedicated pub/sub
 * connection opened by the first watch.
 */
public final class RedisSessionStore implements SessionStore {

    private final RedisStoreOptions options;
    private final RedisBackend backend;
    private final ScriptCatalog scripts;
    private final LeaseSlots slots;
    private final NodeLeases leases;
    private final SessionLister lister;
    private final SessionCommits commits;
    private final OwnershipChannels channels;
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
        this.commits = new SessionCommits(options, backend, scripts, log);
        this.channels = new OwnershipChannels(options.keyPrefix(), backend, log);
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
        return commits.sessionsPending();
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
                retentionMs,
                Integer.toString(request.transitions()));
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
        return commits.reconcile(id, unknown, keys);
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
        return commits.settlePending(id, keys)
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
    public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
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
    public Subscription watch(NodeRef self, OwnershipListener listener) {
        return channels.watch(self, listener);
    }

    @Override
    public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
        requireNonNull(release, "release");
        if (closed) {
            return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "the store is closed"));
        }
        return guarded(channels.announce(release));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        channels.close();
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
        return commits.commit(id, self, script, keys, args);
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
