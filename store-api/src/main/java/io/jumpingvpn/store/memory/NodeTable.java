package io.jumpingvpn.store.memory;

import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.STORE_STATE_LOST;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.StoreResult;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Node registrations, the epoch counter and the store incarnation. Registration, renewal, release and forgetting
 * serialise on one lock (they are rare: a node renews every third of its lease); the lease check every commit makes
 * reads the current registration without locking.
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
            return StoreResult.committed(lease(node, registration, nowMs));
        }
    }

    StoreResult<NodeLease> renew(NodeRef node, String expectedIncarnation, long leaseMs, long nowMs) {
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
            var refusal = currentRegistration(node, "renew");
            if (refusal.isPresent()) {
                return refusal.get();
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
            return StoreResult.committed(lease(node.node(), renewed, nowMs));
        }
    }

    StoreResult<NodeLease> release(NodeRef node, long nowMs) {
        synchronized (lock) {
            var refusal = currentRegistration(node, "release");
            if (refusal.isPresent()) {
                return refusal.get();
            }
            var registration = registrations.get(node.node());
            var released = new Registration(registration.epoch(), Math.min(registration.expiresAtMs(), nowMs));
            registrations.put(node.node(), released);
            return StoreResult.committed(lease(node.node(), released, nowMs));
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
            return before - registrations.size();
        }
    }

    private Optional<StoreResult<NodeLease>> currentRegistration(NodeRef node, String action) {
        var registration = registrations.get(node.node());
        if (registration == null) {
            return Optional.of(StoreResult.rejected(
                    LEASE_EXPIRED, "node " + node.node() + " is not registered; cannot " + action + " " + node));
        }
        if (registration.epoch() != node.epoch()) {
            return Optional.of(StoreResult.rejected(
                    LEASE_EXPIRED,
                    "epoch " + node.epoch() + " of node " + node.node() + " was superseded by epoch "
                            + registration.epoch() + "; cannot " + action + " " + node));
        }
        return Optional.empty();
    }

    private NodeLease lease(NodeId node, Registration registration, long nowMs) {
        return new NodeLease(
                new NodeRef(node, registration.epoch()), registration.expiresAtMs(), nowMs, incarnation.orElseThrow());
    }
}
