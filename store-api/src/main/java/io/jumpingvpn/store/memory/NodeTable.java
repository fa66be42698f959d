package io.jumpingvpn.store.memory;

import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.STORE_STATE_LOST;

import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.StoreResult;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Node registrations, the epoch counter, the store incarnation and the hand-overs queued for each node at its epoch.
 * Registration, renewal, release, forgetting and queueing a hand-over serialise on one lock (renewals are rare: a node
 * renews every third of its lease; hand-overs happen only when an owner changes), so that a node can never renew
 * between a commit reading its lease and that commit queueing its notice. The lease check every commit makes reads
 * the current registration without locking.
 */
final class NodeTable {

    /** The latest registration of one node id. Immutable, replaced as a whole. */
    private record Registration(long epoch, long expiresAtMs) {}

    private final Object lock = new Object();
    private final ConcurrentHashMap<NodeId, Registration> registrations = new ConcurrentHashMap<>();
    private final Supplier<String> newIncarnation;

    /** Guarded by {@link #lock}; never decreases, so epochs stay strictly increasing even after purges. */
    private long lastEpoch;

    private volatile Optional<String> incarnation = Optional.empty();

    /**
     * Guarded by {@link #lock}. Hand-overs not yet handed out, per node at the epoch they were queued for, the latest
     * per session; only ever queued for a live lease, so each holds at most one per session that node owned at that
     * epoch.
     */
    private final Map<NodeRef, Map<SessionId, Handover>> handovers = new HashMap<>();

    NodeTable(Supplier<String> newIncarnation) {
        this.newIncarnation = newIncarnation;
    }

    StoreResult<NodeLease> register(NodeId node, long leaseMs, long nowMs) {
        synchronized (lock) {
            if (incarnation.isEmpty()) {
                incarnation = Optional.of(newIncarnation.get());
            }
            long epoch = ++lastEpoch;
            var registration = new Registration(epoch, Times.plus(nowMs, leaseMs));
            registrations.put(node, registration);
            // Earlier epochs of this node can never renew again: nobody would ever read their notices.
            handovers.keySet().removeIf(ref -> ref.node().equals(node));
            return StoreResult.committed(lease(node, registration, nowMs));
        }
    }

    StoreResult<LeaseRenewal> renew(NodeRef node, String expectedIncarnation, long leaseMs, long nowMs) {
        synchronized (lock) {
            var current = incarnation;
            if (current.isEmpty()) {
                return StoreResult.rejected(
                        STORE_STATE_LOST,
                        "the store has no incarnation (it lost its state); " + node + " must register again");
            }
            if (!current.get().equals(expectedIncarnation)) {
                return StoreResult.rejected(
                        STORE_STATE_LOST,
                        "store incarnation is " + current.get() + ", not " + expectedIncarnation + " as " + node
                                + " registered under; it must register again");
            }
            var refusal = notCurrent(node, "renew");
            if (refusal.isPresent()) {
                return StoreResult.rejected(LEASE_EXPIRED, refusal.get());
            }
            var registration = registrations.get(node.node());
            if (nowMs >= registration.expiresAtMs()) {
                return StoreResult.rejected(
                        LEASE_EXPIRED,
                        "the lease of " + node + " lapsed at store time " + registration.expiresAtMs()
                                + " ms; a lapsed epoch is never revived, register again");
            }
            var renewed = new Registration(registration.epoch(), Times.plus(nowMs, leaseMs));
            registrations.put(node.node(), renewed);
            var handedOut = handovers.remove(node);
            return StoreResult.committed(new LeaseRenewal(
                    lease(node.node(), renewed, nowMs),
                    handedOut == null ? List.of() : List.copyOf(handedOut.values())));
        }
    }

    StoreResult<NodeLease> release(NodeRef node, long nowMs) {
        synchronized (lock) {
            var refusal = notCurrent(node, "release");
            if (refusal.isPresent()) {
                return StoreResult.rejected(LEASE_EXPIRED, refusal.get());
            }
            var registration = registrations.get(node.node());
            var released = new Registration(registration.epoch(), Math.min(registration.expiresAtMs(), nowMs));
            registrations.put(node.node(), released);
            handovers.remove(node);
            return StoreResult.committed(lease(node.node(), released, nowMs));
        }
    }

    /**
     * Queues {@code handover} for {@code handover.from()} when that node's lease at its epoch is alive at
     * {@code nowMs}, and returns the lease's expiry; 0 (nothing queued) otherwise. Under the lock, so that no renewal
     * can slip between reading the lease and queueing the notice.
     */
    long handOver(Handover handover, long nowMs) {
        synchronized (lock) {
            var from = handover.from();
            var registration = registrations.get(from.node());
            if (registration == null || registration.epoch() != from.epoch() || nowMs >= registration.expiresAtMs()) {
                return 0;
            }
            handovers.computeIfAbsent(from, ref -> new LinkedHashMap<>()).put(handover.session(), handover);
            return registration.expiresAtMs();
        }
    }

    boolean alive(NodeRef node, long nowMs) {
        var registration = registrations.get(node.node());
        return registration != null && registration.epoch() == node.epoch() && nowMs < registration.expiresAtMs();
    }

    List<NodeLease> leases(long nowMs) {
        return registrations.entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().value()))
                .map(entry -> lease(entry.getKey(), entry.getValue(), nowMs))
                .toList();
    }

    /** Forgets registrations that lapsed at least {@code retentionMs} ago; returns how many. */
    int forgetLapsed(long nowMs, long retentionMs) {
        synchronized (lock) {
            int before = registrations.size();
            registrations
                    .values()
                    .removeIf(registration -> nowMs >= Times.plus(registration.expiresAtMs(), retentionMs));
            // Notices of an epoch that can no longer renew (lapsed, superseded, forgotten) would never be read.
            handovers.keySet().removeIf(ref -> !alive(ref, nowMs));
            return before - registrations.size();
        }
    }

    /** Why {@code node} is not the current registration of its node id, if it is not. */
    private Optional<String> notCurrent(NodeRef node, String action) {
        var registration = registrations.get(node.node());
        if (registration == null) {
            return Optional.of("node " + node.node() + " is not registered; cannot " + action + " " + node);
        }
        if (registration.epoch() != node.epoch()) {
            return Optional.of("epoch " + node.epoch() + " of node " + node.node() + " was superseded by epoch "
                    + registration.epoch() + "; cannot " + action + " " + node);
        }
        return Optional.empty();
    }

    private NodeLease lease(NodeId node, Registration registration, long nowMs) {
        return new NodeLease(
                new NodeRef(node, registration.epoch()), registration.expiresAtMs(), nowMs, incarnation.orElseThrow());
    }
}
