package io.jumpingvpn.gateway.internal.lease;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.LeaseProofPolicy;
import io.jumpingvpn.gateway.MonotonicClock;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.gateway.internal.history.NodeHistory;
import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's lease in the store: registers it with a fresh epoch, renews it every third of the lease from a
 * thread of its own (so I/O load cannot delay renewals), and maintains the {@link LeaseProof}.
 *
 * <p>A renewal the store refuses with {@code STORE_STATE_LOST} (the store lost its state) or {@code LEASE_EXPIRED}
 * (this epoch lapsed or was superseded) withdraws the proof at once, tells the {@link Listener} that everything owned
 * under the old epoch is unprovable, and registers again under a fresh epoch. A renewal that fails otherwise (store
 * unreachable, no answer in time) changes nothing: the proof lapses by itself when its time is up.
 */
public final class LeaseKeeper implements AutoCloseable {

    /** What the node's sessions must learn from the lease. Called from the lease thread or a store thread. */
    public interface Listener {
        /**
         * Sessions taken from this node since its previous renewal. Called <em>before</em> the renewal that carried them
         * extends the lease proof, so that the node never forwards for a moved session on the strength of a renewal
         * that committed after the move (docs/cluster.md, "Why no two nodes forward at once").
         */
        void handedOver(List<Handover> handovers);

        /** The node can no longer prove what it owns under {@code lost}. */
        void ownershipLost(NodeRef lost, TerminationCode code);

        /** The node holds a (new) registration: {@code current}. */
        void registered(NodeRef current);
    }

    private static final Listener NOBODY = new Listener() {
        @Override
        public void handedOver(List<Handover> handovers) {}

        @Override
        public void ownershipLost(NodeRef lost, TerminationCode code) {}

        @Override
        public void registered(NodeRef current) {}
    };

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS =
            Duration.ofSeconds(30).toNanos();

    private final SessionStore store;
    private final NodeId node;
    private final Duration lease;
    private final Duration storeTimeout;
    private final MonotonicClock clock;
    private final GatewayMetrics metrics;
    private final NodeHistory history;
    private final LeaseProof proof;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile NodeRef current;
    private volatile String incarnation;
    private volatile boolean registered;
    private volatile boolean closed;
    private volatile Listener listener = NOBODY;
    // Readiness signals: when the store last answered a lease call, why the last one failed (null: it answered), and
    // whether the store lost its state since this node registered (cleared by the next registration).
    private volatile long lastAnswerNanos;
    private volatile String lastFailure;
    private volatile boolean incarnationLost;
    private volatile long lastFailureLogNanos;

    public LeaseKeeper(
            SessionStore store,
            NodeId node,
            Duration lease,
            Duration margin,
            Duration storeTimeout,
            MonotonicClock clock,
            GatewayMetrics metrics,
            NodeHistory history) {
        this(store, node, lease, margin, storeTimeout, clock, metrics, history, LeaseProofPolicy.REQUIRE_PROOF);
    }

    /** {@code policy}: {@link LeaseProofPolicy#REQUIRE_PROOF} except in the chaos tooling's unsafe mode. */
    public LeaseKeeper(
            SessionStore store,
            NodeId node,
            Duration lease,
            Duration margin,
            Duration storeTimeout,
            MonotonicClock clock,
            GatewayMetrics metrics,
            NodeHistory history,
            LeaseProofPolicy policy) {
        this.store = requireNonNull(store, "store");
        this.node = requireNonNull(node, "node");
        this.lease = requireNonNull(lease, "lease");
        this.storeTimeout = requireNonNull(storeTimeout, "storeTimeout");
        this.clock = requireNonNull(clock, "clock");
        this.metrics = requireNonNull(metrics, "metrics");
        this.history = requireNonNull(history, "history");
        this.proof = new LeaseProof(clock, lease.toNanos(), margin.toNanos(), policy);
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jvpn-lease").daemon(true).factory());
    }

    /**
     * Registers the node, waiting for the store (bounded by the store timeout). Fails with one line when the store
     * refuses or does not answer.
     */
    public NodeRef register() {
        long start = clock.nanoTime();
        StoreResult<NodeLease> result;
        try {
            result = StoreCalls.mutation(store.registerNode(node, lease), storeTimeout)
                    .get(storeTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayStartException("interrupted while registering node " + node + " with the store");
        } catch (ExecutionException | TimeoutException e) {
            throw new GatewayStartException("cannot register node " + node + " with the store: " + e);
        }
        return switch (result) {
            case StoreResult.Committed<NodeLease> committed -> {
                adopt(committed.value(), start);
                yield committed.value().node();
            }
            case StoreResult.Rejected<NodeLease> rejected ->
                throw new GatewayStartException("the store refused to register node " + node + ": " + rejected.code()
                        + " " + rejected.detail());
            case StoreResult.Unknown<NodeLease> unknown ->
                throw new GatewayStartException("cannot register node " + node + " with the store: " + unknown.cause());
        };
    }

    /** Starts renewing every third of the lease. */
    public void start(Listener listener) {
        this.listener = requireNonNull(listener, "listener");
        long period = Math.max(1, lease.toMillis() / 3);
        thread.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    public NodeRef current() {
        return current;
    }

    public LeaseProof proof() {
        return proof;
    }

    public boolean proven() {
        return proof.isValid();
    }

    /** Whether the store answered the last lease call, and did so within two renewal periods plus the timeout. */
    public boolean storeReachable() {
        long period = Math.max(1, lease.toMillis() / 3);
        long stale = Duration.ofMillis(2 * period).plus(storeTimeout).toNanos();
        return lastFailure == null && clock.nanoTime() - lastAnswerNanos < stale;
    }

    /** Why the last lease call got no answer, if it got none. */
    public Optional<String> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    /** Whether the store lost its state (its incarnation changed) and the node has not registered again since. */
    public boolean incarnationLost() {
        return incarnationLost;
    }

    /** Whether the node holds a registration it renews (false from a lost lease until it registered again). */
    public boolean registered() {
        return registered;
    }

    private void answered() {
        lastAnswerNanos = clock.nanoTime();
        if (lastFailure != null) {
            log.info("node {}: the store answers lease calls again", node);
        }
        lastFailure = null;
    }

    /** A refusal is an answer, except STORE_UNAVAILABLE: the store could not be reached. */
    private void answeredOrUnavailable(StoreResult.Rejected<?> rejected) {
        if (rejected.code() == StoreRejectCode.STORE_UNAVAILABLE) {
            failed("lease call", rejected.detail());
        } else {
            answered();
        }
    }

    /** Records a lease call without an answer; logged when the outage starts, then at most every 30 s (one line). */
    private void failed(String call, String cause) {
        long now = clock.nanoTime();
        boolean starts = lastFailure == null;
        lastFailure = cause;
        if (starts || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLogNanos = now;
            log.warn("{} of node {} got no answer: {}", call, node, cause);
        }
    }

    private void adopt(NodeLease granted, long startNanos) {
        current = granted.node();
        incarnation = granted.incarnation();
        registered = true;
        incarnationLost = false;
        answered();
        long until = proof.proveFrom(startNanos);
        history.lease(granted.node().epoch(), until);
    }

    private void tick() {
        if (closed || !inFlight.compareAndSet(false, true)) {
            return;
        }
        try {
            if (registered) {
                renew();
            } else {
                reregister();
            }
        } catch (RuntimeException e) {
            inFlight.set(false);
            log.warn("lease renewal of node {} failed: {}", node, e.toString());
        }
    }

    private void renew() {
        var ref = current;
        long start = clock.nanoTime();
        var renewal = store.renewNode(ref, incarnation, lease);
        // Each hand-over is handed out by exactly one committed renewal, even one whose answer comes after the timeout
        // below gave up on it: act on it whenever it comes (acting twice is harmless).
        renewal.whenComplete((result, failure) -> {
            if (result instanceof StoreResult.Committed<LeaseRenewal> committed) {
                handedOver(committed.value());
            }
        });
        StoreCalls.mutation(renewal, storeTimeout).whenComplete((result, failure) -> {
            try {
                onRenewal(ref, start, result);
            } finally {
                inFlight.set(false);
            }
        });
    }

    private void handedOver(LeaseRenewal renewal) {
        if (!renewal.handovers().isEmpty()) {
            listener.handedOver(renewal.handovers());
        }
    }

    private void onRenewal(NodeRef ref, long start, StoreResult<LeaseRenewal> result) {
        if (result instanceof StoreResult.Committed<LeaseRenewal> committed) {
            // First the sessions this renewal says the node lost, then (below) the longer proof: the safety argument.
            handedOver(committed.value());
        }
        if (closed || !ref.equals(current)) {
            return;
        }
        switch (result) {
            case StoreResult.Committed<LeaseRenewal> committed -> {
                answered();
                metrics.leaseRenewal("RENEWED");
                long until = proof.proveFrom(start);
                history.lease(ref.epoch(), until);
            }
            case StoreResult.Rejected<LeaseRenewal> rejected -> {
                answeredOrUnavailable(rejected);
                metrics.leaseRenewal(rejected.code().name());
                if (rejected.code() == StoreRejectCode.STORE_STATE_LOST) {
                    incarnationLost = true;
                    lose(ref, TerminationCode.STORE_STATE_LOST, rejected.detail());
                } else if (rejected.code() == StoreRejectCode.LEASE_EXPIRED) {
                    lose(ref, TerminationCode.OWNERSHIP_UNPROVEN, rejected.detail());
                } else if (rejected.code() != StoreRejectCode.STORE_UNAVAILABLE) {
                    log.warn("lease renewal of {} refused: {} {}", ref, rejected.code(), rejected.detail());
                }
            }
            case StoreResult.Unknown<LeaseRenewal> unknown -> {
                failed("lease renewal", unknown.cause());
                metrics.leaseRenewal("UNKNOWN");
            }
        }
    }

    private void lose(NodeRef ref, TerminationCode code, String detail) {
        proof.revoke();
        registered = false;
        log.warn("node {} lost its lease ({}: {}); registering again", ref, code, detail);
        listener.ownershipLost(ref, code);
        thread.execute(() -> {
            if (inFlight.compareAndSet(false, true)) {
                reregister();
            }
        });
    }

    private void reregister() {
        long start = clock.nanoTime();
        StoreCalls.mutation(store.registerNode(node, lease), storeTimeout).whenComplete((result, failure) -> {
            try {
                if (closed) {
                    return;
                }
                switch (result) {
                    case StoreResult.Committed<NodeLease> committed -> {
                        metrics.leaseRenewal("REGISTERED");
                        adopt(committed.value(), start);
                        listener.registered(committed.value().node());
                        log.info(
                                "node {} registered again as {}",
                                node,
                                committed.value().node());
                    }
                    case StoreResult.Rejected<NodeLease> rejected -> {
                        answeredOrUnavailable(rejected);
                        metrics.leaseRenewal(rejected.code().name());
                        if (rejected.code() != StoreRejectCode.STORE_UNAVAILABLE) {
                            log.warn(
                                    "registering node {} again refused: {} {}",
                                    node,
                                    rejected.code(),
                                    rejected.detail());
                        }
                    }
                    case StoreResult.Unknown<NodeLease> unknown -> {
                        failed("registering again", unknown.cause());
                        metrics.leaseRenewal("UNKNOWN");
                    }
                }
            } finally {
                inFlight.set(false);
            }
        });
    }

    /** Stops renewing and releases the lease (bounded by {@code timeout}), so that others may take over at once. */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdownNow();
        proof.revoke();
        var ref = current;
        if (ref == null || !registered) {
            return;
        }
        try {
            StoreCalls.mutation(store.releaseNode(ref), timeout).get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("releasing the lease of {} failed: {}", ref, e.toString());
        }
    }

    @Override
    public void close() {
        close(storeTimeout);
    }
}
