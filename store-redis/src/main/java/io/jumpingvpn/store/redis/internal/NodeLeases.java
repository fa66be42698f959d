package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Node registration, renewal and release over every lease slot (see {@link LeaseSlots}). A lease operation runs one
 * small script per slot, in parallel; it counts as done only when every slot did it. Epochs come from one counter.
 *
 * <p>A renewal hands out the hand-overs queued in each slot. They are removed only when the next renewal acknowledges
 * them, naming those this client handed out from that slot: a renewal whose reply is lost, or that did not reach every
 * slot (its result is then not committed), hands out nothing and loses nothing; the next committed renewal carries
 * them.
 */
public final class NodeLeases {

    private static final int REGISTER_ATTEMPTS = 4;
    private static final long RETRY_DELAY_MS = 50;

    private final RedisBackend backend;
    private final LeaseSlots slots;
    private final ScriptCatalog scripts;
    private final RateLimitedLog log;
    private final SecureRandom random = new SecureRandom();
    private final HandoverAcks acks;

    public NodeLeases(RedisBackend backend, LeaseSlots slots, ScriptCatalog scripts, RateLimitedLog log) {
        this.backend = requireNonNull(backend, "backend");
        this.slots = requireNonNull(slots, "slots");
        this.scripts = requireNonNull(scripts, "scripts");
        this.log = requireNonNull(log, "log");
        this.acks = new HandoverAcks(slots.count());
    }

    /** What one lease slot answered. */
    sealed interface SlotOutcome {
        /** {@code handovers} as queued in the slot ({@link HandoverText}); only renewals carry any. */
        record Done(long storeNowMs, long expiresAtMs, String incarnation, String handovers) implements SlotOutcome {}

        record Refused(String code, String detail) implements SlotOutcome {}

        record Failed(Failure failure) implements SlotOutcome {}
    }

    /** One lease slot as read by {@code node_list.lua}. */
    record SlotView(long storeNowMs, String incarnation, long highestEpoch, Map<String, String> leases) {}

    public CompletionStage<StoreResult<NodeLease>> register(NodeId node, Duration lease) {
        requireNonNull(node, "node");
        return attemptRegister(node, positive(lease), 0);
    }

    private CompletionStage<StoreResult<NodeLease>> attemptRegister(NodeId node, long leaseMs, int attempt) {
        return readAll().thenCompose(views -> {
            if (views == null) {
                return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "cannot read the lease slots"));
            }
            var seen = views.stream().map(SlotView::incarnation).distinct().toList();
            String incarnation;
            if (seen.size() == 1 && !seen.getFirst().isEmpty()) {
                incarnation = seen.getFirst();
            } else if (seen.size() == 1) {
                incarnation = newIncarnation();
            } else if (attempt < 2) {
                // Perhaps another node is initialising the store right now: look again before declaring it lost.
                return later(() -> attemptRegister(node, leaseMs, attempt + 1));
            } else {
                incarnation = newIncarnation();
                log.warn(
                        "incarnation",
                        "the store incarnation differs between lease slots " + seen + "; writing a new incarnation "
                                + incarnation + " (every other node must re-register)");
            }
            long floor = views.stream().mapToLong(SlotView::highestEpoch).max().orElse(0);
            return nextEpoch(floor).thenCompose(epoch -> {
                if (epoch == null) {
                    return done(StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "cannot draw a node epoch"));
                }
                var ref = new NodeRef(node, epoch);
                var outcomes = new ArrayList<CompletableFuture<SlotOutcome>>(slots.count());
                for (int i = 0; i < slots.count(); i++) {
                    outcomes.add(run(
                            scripts.nodeRegister(),
                            slots.leaseKey(i),
                            node.value(),
                            Long.toString(epoch),
                            Long.toString(leaseMs),
                            views.get(i).incarnation(),
                            incarnation));
                }
                return all(outcomes).thenCompose(list -> {
                    boolean raced = list.stream()
                            .anyMatch(o -> o instanceof SlotOutcome.Refused r
                                    && r.code().equals("INCARNATION_CHANGED"));
                    if (raced && attempt + 1 < REGISTER_ATTEMPTS) {
                        return later(() -> attemptRegister(node, leaseMs, attempt + 1));
                    }
                    if (raced) {
                        return done(
                                StoreResult.unknown("the store incarnation kept changing while registering " + ref));
                    }
                    var registered = combine(ref, list);
                    if (registered.isCommitted()) {
                        acks.forgetOtherEpochs(ref);
                    }
                    return done(registered);
                });
            });
        });
    }

    public CompletionStage<StoreResult<LeaseRenewal>> renew(NodeRef node, String incarnation, Duration lease) {
        requireNonNull(node, "node");
        requireNonNull(incarnation, "incarnation");
        var leaseMs = Long.toString(positive(lease));
        var sent = acks.toSend(node);
        return forEachSlot(i -> run(
                        scripts.nodeRenew(),
                        slots.leaseKey(i),
                        node.node().value(),
                        Long.toString(node.epoch()),
                        incarnation,
                        leaseMs,
                        sent[i]))
                .thenApply(list -> renewal(node, list));
    }

    /** The renewal with the hand-overs of every slot; only a committed one hands them out (and is acknowledged). */
    private StoreResult<LeaseRenewal> renewal(NodeRef node, List<SlotOutcome> outcomes) {
        return switch (combine(node, outcomes)) {
            case StoreResult.Rejected<NodeLease> r ->
                new StoreResult.Rejected<>(r.code(), r.detail(), r.currentVersion());
            case StoreResult.Unknown<NodeLease> u -> StoreResult.unknown(u.cause());
            case StoreResult.Committed<NodeLease> c -> {
                List<Handover> handovers;
                try {
                    handovers = handovers(node, outcomes);
                } catch (RuntimeException e) {
                    // Nothing is acknowledged: the next renewal gets the same hand-overs again.
                    log.warn("handover-reply", "unreadable hand-overs for " + node + ": " + e.getMessage());
                    yield StoreResult.unknown(
                            "unreadable hand-overs in the renewal of " + node + ": " + e.getMessage());
                }
                for (int i = 0; i < outcomes.size(); i++) {
                    acks.handedOut(node, i, ((SlotOutcome.Done) outcomes.get(i)).handovers());
                }
                yield StoreResult.committed(new LeaseRenewal(c.value(), handovers));
            }
        };
    }

    private static List<Handover> handovers(NodeRef node, List<SlotOutcome> outcomes) {
        var handovers = new ArrayList<Handover>();
        for (var outcome : outcomes) {
            handovers.addAll(HandoverText.entries(((SlotOutcome.Done) outcome).handovers(), node));
        }
        return handovers;
    }

    public CompletionStage<StoreResult<NodeLease>> release(NodeRef node) {
        requireNonNull(node, "node");
        return forEachSlot(i -> run(
                        scripts.nodeRelease(), slots.leaseKey(i), node.node().value(), Long.toString(node.epoch())))
                .thenApply(list -> {
                    var released = combine(node, list);
                    if (released.isCommitted()) {
                        acks.forget(node);
                    }
                    return released;
                });
    }

    /** The latest registration of every node: its highest epoch, judged by the slot where it has the least left. */
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        return readAll().thenApply(views -> {
            if (views == null) {
                return StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "cannot read the lease slots");
            }
            var incarnation = views.stream()
                    .map(SlotView::incarnation)
                    .filter(s -> !s.isEmpty())
                    .findFirst()
                    .orElse(null);
            if (incarnation == null) {
                return StoreResult.committed(List.of());
            }
            var epochs = new HashMap<String, Long>();
            for (var view : views) {
                view.leases().forEach((node, value) -> {
                    var lease = LeaseValue.parse(value);
                    if (lease != null) {
                        epochs.merge(node, lease.epoch(), Math::max);
                    }
                });
            }
            var result = new ArrayList<NodeLease>(epochs.size());
            epochs.forEach((node, epoch) -> {
                NodeLease weakest = null;
                for (var view : views) {
                    var lease = LeaseValue.parse(view.leases().get(node));
                    long expiry = lease != null && lease.epoch() == epoch ? lease.expiresAtMs() : 0;
                    var candidate =
                            new NodeLease(new NodeRef(new NodeId(node), epoch), expiry, view.storeNowMs(), incarnation);
                    if (weakest == null || remaining(candidate) < remaining(weakest)) {
                        weakest = candidate;
                    }
                }
                result.add(weakest);
            });
            result.sort(
                    (a, b) -> a.node().node().value().compareTo(b.node().node().value()));
            return StoreResult.committed(List.copyOf(result));
        });
    }

    private record LeaseValue(long epoch, long expiresAtMs) {
        static LeaseValue parse(String value) {
            if (value == null) {
                return null;
            }
            int colon = value.indexOf(':');
            try {
                return new LeaseValue(
                        Long.parseLong(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Every slot read, or null when any slot could not be read. */
    private CompletableFuture<List<SlotView>> readAll() {
        var reads = new ArrayList<CompletableFuture<SlotView>>(slots.count());
        for (int i = 0; i < slots.count(); i++) {
            String key = slots.leaseKey(i);
            reads.add(backend.eval(scripts.nodeList(), new String[] {key}, new String[0])
                    .thenApply(NodeLeases::view)
                    .exceptionally(error -> {
                        log.warn(
                                "lease-read",
                                "cannot read lease slot " + key + ": "
                                        + Failure.of(error).message());
                        return null;
                    }));
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
            var views = new ArrayList<SlotView>(reads.size());
            for (var read : reads) {
                var view = read.join();
                if (view == null) {
                    return null;
                }
                views.add(view);
            }
            return views;
        });
    }

    private static SlotView view(List<Object> reply) {
        var leases = new HashMap<String, String>();
        for (int i = 3; i + 1 < reply.size(); i += 2) {
            leases.put(SessionReply.text(reply, i), SessionReply.text(reply, i + 1));
        }
        return new SlotView(
                SessionReply.integer(reply, 0), SessionReply.text(reply, 1), SessionReply.integer(reply, 2), leases);
    }

    /** An epoch above every epoch the counter or any lease slot has seen (the counter may have lost its data). */
    private CompletableFuture<Long> nextEpoch(long floor) {
        return backend.incr(slots.epochKey())
                .thenCompose(epoch -> epoch > floor
                        ? CompletableFuture.completedFuture(epoch)
                        : backend.incrBy(slots.epochKey(), floor - epoch + 1))
                .exceptionally(error -> {
                    log.warn(
                            "epoch",
                            "cannot draw a node epoch: " + Failure.of(error).message());
                    return null;
                });
    }

    private CompletableFuture<SlotOutcome> run(LuaScript script, String key, String... args) {
        return backend.eval(script, new String[] {key}, args).handle((reply, error) -> {
            if (error != null) {
                return new SlotOutcome.Failed(Failure.of(error));
            }
            try {
                if (SessionReply.integer(reply, 0) == 1) {
                    return new SlotOutcome.Done(
                            SessionReply.integer(reply, 1),
                            SessionReply.integer(reply, 2),
                            SessionReply.text(reply, 3),
                            reply.size() > 4 ? SessionReply.text(reply, 4) : "");
                }
                return new SlotOutcome.Refused(SessionReply.text(reply, 1), SessionReply.text(reply, 3));
            } catch (RuntimeException e) {
                return new SlotOutcome.Failed(
                        Failure.unknown("unexpected reply from " + script + ": " + e.getMessage()));
            }
        });
    }

    private CompletableFuture<List<SlotOutcome>> forEachSlot(
            java.util.function.IntFunction<CompletableFuture<SlotOutcome>> action) {
        var outcomes = new ArrayList<CompletableFuture<SlotOutcome>>(slots.count());
        for (int i = 0; i < slots.count(); i++) {
            outcomes.add(action.apply(i));
        }
        return all(outcomes);
    }

    private static CompletableFuture<List<SlotOutcome>> all(List<CompletableFuture<SlotOutcome>> outcomes) {
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(v -> outcomes.stream().map(CompletableFuture::join).toList());
    }

    /**
     * One result from every slot's outcome: a refusal of any slot decides (STORE_STATE_LOST before LEASE_EXPIRED); then
     * failures: unavailable when no slot did anything, unknown otherwise; else the lease of the slot with least left.
     */
    private StoreResult<NodeLease> combine(NodeRef node, List<SlotOutcome> outcomes) {
        SlotOutcome.Refused refused = null;
        boolean anyDone = false;
        boolean anyUnknown = false;
        Failure firstFailure = null;
        NodeLease weakest = null;
        for (var outcome : outcomes) {
            switch (outcome) {
                case SlotOutcome.Refused r -> {
                    if (refused == null || r.code().equals(StoreRejectCode.STORE_STATE_LOST.name())) {
                        refused = r;
                    }
                }
                case SlotOutcome.Failed f -> {
                    anyUnknown |= f.failure().kind() == Failure.Kind.UNKNOWN;
                    firstFailure = firstFailure == null ? f.failure() : firstFailure;
                }
                case SlotOutcome.Done d -> {
                    anyDone = true;
                    if (d.incarnation().isEmpty()) {
                        refused = refused != null
                                ? refused
                                : new SlotOutcome.Refused(
                                        StoreRejectCode.STORE_STATE_LOST.name(),
                                        "a lease slot has no store incarnation");
                        continue;
                    }
                    var lease = new NodeLease(node, d.expiresAtMs(), d.storeNowMs(), d.incarnation());
                    if (weakest == null || remaining(lease) < remaining(weakest)) {
                        weakest = lease;
                    }
                }
            }
        }
        if (refused != null) {
            return StoreResult.rejected(rejectCode(refused.code()), refused.detail());
        }
        if (firstFailure != null) {
            log.warn("lease-failure", "lease operation for " + node + " failed: " + firstFailure.message());
            return anyDone || anyUnknown
                    ? StoreResult.unknown(
                            "lease operation for " + node + " reached only some lease slots: " + firstFailure.message())
                    : StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, firstFailure.message());
        }
        return StoreResult.committed(weakest);
    }

    private static StoreRejectCode rejectCode(String code) {
        try {
            return StoreRejectCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return StoreRejectCode.STORE_STATE_LOST;
        }
    }

    private static long remaining(NodeLease lease) {
        return lease.expiresAtMs() - lease.storeNowMs();
    }

    private String newIncarnation() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static long positive(Duration lease) {
        requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("lease must be at least 1 ms, got " + lease);
        }
        return lease.toMillis();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static <T> CompletableFuture<T> later(java.util.function.Supplier<CompletionStage<T>> next) {
        return CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(RETRY_DELAY_MS, TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> next.get());
    }
}
