package io.jumpingvpn.store.memory;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.ImportSession;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.LocalSessionStore;
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
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The session table in this process's memory: the embedded default for a gateway running as a single node. Same
 * semantics as every other {@link SessionStore} (it passes the same contract suite); every stage it returns is already
 * complete.
 *
 * <p>Each session's check-and-write runs atomically inside {@link ConcurrentHashMap#compute}, so operations on one
 * session are linearizable and operations on different sessions do not contend. Node registrations serialise on their
 * own lock. Terminated and expired records are kept for the tombstone retention and then purged: lazily when touched,
 * and by a sweep that piggybacks on mutations (see {@link InMemoryStoreOptions}), so a long-running gateway does not
 * accumulate dead sessions and no background thread is needed.
 *
 * <p>Hand-overs are queued in the node table under its lock, inside the atomic section of the commit that displaces an
 * owner, so no renewal can slip between a commit reading the previous owner's lease and queueing its notice.
 * {@link #watch} delivers on one background thread, started by the first subscription.
 *
 * <p>It is also a {@link LocalSessionStore}: each node of a sticky-routing cluster keeps its sessions in a store of its
 * own, and a session moves between nodes by import and eviction.
 */
public final class InMemorySessionStore implements LocalSessionStore {

    private static final int ID_BYTES = 16;

    private final InMemoryStoreOptions options;
    private final long retentionMs;
    private final long sweepIntervalMs;
    private final ConcurrentHashMap<SessionId, SessionRecord> records = new ConcurrentHashMap<>();
    private final NodeTable nodes;
    private final Watchers watchers = new Watchers();
    private final Object randomLock = new Object();
    private final AtomicLong nextSweepAtMs;
    private volatile boolean closed;

    public InMemorySessionStore() {
        this(InMemoryStoreOptions.defaults());
    }

    public InMemorySessionStore(InMemoryStoreOptions options) {
        this.options = requireNonNull(options, "options");
        this.retentionMs = options.tombstoneRetention().toMillis();
        this.sweepIntervalMs = options.sweepInterval().toMillis();
        this.nodes = new NodeTable(this::randomToken);
        this.nextSweepAtMs = new AtomicLong(Times.plus(now(), sweepIntervalMs));
    }

    public InMemoryStoreOptions options() {
        return options;
    }

    /** 128 random bits as unpadded base64url: 22 characters that fit any key layout. */
    @Override
    public SessionId newSessionId() {
        return new SessionId(randomToken());
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
        requireNonNull(request, "request");
        return mutate(request.id(), (stored, nowMs, leases) -> SessionRules.create(stored, request, nowMs, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
        requireNonNull(request, "request");
        return mutate(request.id(), (stored, nowMs, leases) -> SessionRules.reattach(stored, request, nowMs, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
        requireNonNull(request, "request");
        return mutate(request.id(), (stored, nowMs, leases) -> SessionRules.transition(stored, request, nowMs, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
        requireNonNull(request, "request");
        return mutate(request.id(), (stored, nowMs, leases) -> SessionRules.terminate(stored, request, nowMs, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
        requireNonNull(request, "request");
        return mutate(request.id(), (stored, nowMs, leases) -> SessionRules.transfer(stored, request, nowMs, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> importSession(ImportSession request) {
        requireNonNull(request, "request");
        return mutate(
                request.id(), (stored, nowMs, leases) -> SessionRules.importSession(stored, request, nowMs, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> evict(SessionId id, long expectedVersion, NodeRef owner) {
        requireNonNull(id, "id");
        requireNonNull(owner, "owner");
        return mutate(id, (stored, nowMs, leases) -> SessionRules.evict(stored, id, expectedVersion, owner, leases));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
        requireNonNull(id, "id");
        requireNonNull(request, "request");
        requireNonNull(node, "node");
        return mutate(id, (stored, nowMs, leases) -> SessionRules.reconcile(stored, id, request, node));
    }

    @Override
    public CompletionStage<ReadResult> read(SessionId id) {
        requireNonNull(id, "id");
        if (closed) {
            return CompletableFuture.completedFuture(new ReadResult.Unavailable(closedDetail()));
        }
        long nowMs = now();
        var record = records.get(id);
        if (record == null) {
            return CompletableFuture.completedFuture(new ReadResult.Absent());
        }
        if (purgeable(record, nowMs)) {
            records.remove(id, record);
            return CompletableFuture.completedFuture(new ReadResult.Absent());
        }
        return CompletableFuture.completedFuture(
                new ReadResult.Found(record, nowMs, nodes.alive(record.owner(), nowMs)));
    }

    /** Records are listed in session id order; tombstones still within their retention are included. */
    @Override
    public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        requireNonNull(ownedBy, "ownedBy");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        if (closed) {
            return unavailable();
        }
        long nowMs = now();
        var listed = records.values().stream()
                .filter(record -> !purgeable(record, nowMs))
                .filter(record ->
                        ownedBy.map(node -> record.owner().node().equals(node)).orElse(true))
                .sorted(Comparator.comparing(record -> record.id().value()))
                .limit(limit)
                .toList();
        return CompletableFuture.completedFuture(StoreResult.committed(listed));
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
        requireNonNull(node, "node");
        long leaseMs = leaseMillis(lease);
        if (closed) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(nodes.register(node, leaseMs, now()));
    }

    @Override
    public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
        requireNonNull(node, "node");
        requireNonNull(incarnation, "incarnation");
        long leaseMs = leaseMillis(lease);
        if (closed) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(nodes.renew(node, incarnation, leaseMs, now()));
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
        requireNonNull(node, "node");
        if (closed) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(nodes.release(node, now()));
    }

    @Override
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        if (closed) {
            return unavailable();
        }
        return CompletableFuture.completedFuture(StoreResult.committed(nodes.leases(now())));
    }

    @Override
    public Subscription watch(NodeRef self, OwnershipListener listener) {
        return watchers.add(self, listener);
    }

    @Override
    public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
        requireNonNull(release, "release");
        if (closed) {
            return unavailable();
        }
        watchers.release(release);
        return CompletableFuture.completedFuture(StoreResult.committed(release));
    }

    /**
     * Removes every record whose tombstone retention has passed and forgets node registrations that lapsed that long
     * ago. Mutations call this by themselves once per sweep interval; calling it directly is only needed to reclaim
     * memory at a chosen moment.
     *
     * @return how many session records were removed
     */
    public int purge() {
        long nowMs = now();
        int removed = 0;
        for (var record : records.values()) {
            // Conditional removal: a record changed since it was read is left for the next sweep to judge.
            if (purgeable(record, nowMs) && records.remove(record.id(), record)) {
                removed++;
            }
        }
        nodes.forgetLapsed(nowMs, retentionMs);
        return removed;
    }

    /** How many session records the store holds, tombstones not yet purged included. */
    public int size() {
        return records.size();
    }

    /**
     * After closing, every operation is refused with {@code STORE_UNAVAILABLE}: certainly not executed. Subscriptions
     * are closed and the delivery thread stops.
     */
    @Override
    public void close() {
        closed = true;
        watchers.close();
    }

    @Override
    public String toString() {
        return "InMemorySessionStore[" + records.size() + " records, " + options + "]";
    }

    /** One session operation as {@link SessionRules} decides it. */
    @FunctionalInterface
    private interface Rule {
        Decision apply(Optional<SessionRecord> stored, long nowMs, LeaseView leases);
    }

    private CompletionStage<StoreResult<SessionRecord>> mutate(SessionId id, Rule rule) {
        if (closed) {
            return unavailable();
        }
        var decided = new AtomicReference<Decision>();
        var handedOver = new ArrayList<Handover>(1);
        records.compute(id, (key, stored) -> {
            // Time is read inside the atomic section so that the store time of commits on one session never goes
            // back between them (for a monotonic clock).
            long nowMs = now();
            var live = Optional.ofNullable(stored).filter(record -> !purgeable(record, nowMs));
            var decision = rule.apply(live, nowMs, leasesAt(nowMs, handedOver));
            decided.set(decision);
            if (decision.remove()) {
                return null;
            }
            return decision.write().or(() -> live).orElse(null);
        });
        // Watchers hear of a hand-over only once the commit is stored: a listener that reads the session sees it.
        handedOver.forEach(watchers::handover);
        sweepIfDue();
        return CompletableFuture.completedFuture(decided.get().result());
    }

    private void sweepIfDue() {
        long due = nextSweepAtMs.get();
        long nowMs = now();
        // One caller wins the right to sweep; the others go on without waiting for it.
        if (nowMs >= due && nextSweepAtMs.compareAndSet(due, Times.plus(nowMs, sweepIntervalMs))) {
            purge();
        }
    }

    private boolean purgeable(SessionRecord record, long nowMs) {
        long deadEnd = record.state() == SessionState.TERMINATED ? record.updatedAtMs() : record.expiresAtMs();
        return nowMs >= Times.plus(deadEnd, retentionMs);
    }

    /** The leases at {@code nowMs}; hand-overs queued for a live owner are also collected in {@code handedOver}. */
    private LeaseView leasesAt(long nowMs, List<Handover> handedOver) {
        return new LeaseView() {
            @Override
            public boolean alive(NodeRef node) {
                return nodes.alive(node, nowMs);
            }

            @Override
            public long handOver(Handover handover) {
                long until = nodes.handOver(handover, nowMs);
                if (until > 0) {
                    handedOver.add(handover);
                }
                return until;
            }
        };
    }

    private long now() {
        // Records and leases reject negative times; a clock set before 1970 is a test artefact, not a store time.
        return Math.max(0, options.clock().millis());
    }

    private String randomToken() {
        var bytes = new byte[ID_BYTES];
        synchronized (randomLock) {
            options.random().nextBytes(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static long leaseMillis(Duration lease) {
        requireNonNull(lease, "lease");
        if (lease.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("lease must be at least 1 ms, got " + lease);
        }
        return Times.millis(lease);
    }

    private static <T> CompletionStage<StoreResult<T>> unavailable() {
        return CompletableFuture.completedFuture(
                StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, closedDetail()));
    }

    private static String closedDetail() {
        return "the in-memory session store is closed";
    }
}
