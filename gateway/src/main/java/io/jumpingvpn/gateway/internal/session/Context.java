package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.MonotonicClock;
import io.jumpingvpn.gateway.internal.egress.Egress;
import io.jumpingvpn.gateway.internal.history.NodeHistory;
import io.jumpingvpn.gateway.internal.lease.LeaseKeeper;
import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.protocol.crypto.GatewayCrypto;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The collaborators every part of the session service shares. */
final class Context {

    final GatewayConfig config;
    final Policy policy;
    final SessionStore store;
    final GatewayCrypto crypto;
    final GatewayMetrics metrics;
    final Events events;
    final NodeHistory history;
    final LeaseKeeper lease;
    final Egress egress;
    final SessionTable table;
    final MonotonicClock clock;
    final Duration storeTimeout;
    private final SecureRandom random;
    /**
     * Epochs of this node whose lease the store declared lapsed (partition policy deny): sessions committed under them
     * must not forward until reclaimed under the current epoch.
     */
    private final Set<NodeRef> lostEpochs = ConcurrentHashMap.newKeySet();
    /** Where reattaches go while the node drains; null while it does not. */
    private volatile Redirector drain;
    /** Which node serves a session: any (shared store) or its rendezvous owner (sticky routing). */
    final SessionRouter router;

    Context(
            GatewayConfig config,
            SessionStore store,
            GatewayCrypto crypto,
            GatewayMetrics metrics,
            Events events,
            NodeHistory history,
            LeaseKeeper lease,
            Egress egress,
            SessionTable table,
            SecureRandom random,
            SessionRouter router) {
        this.config = requireNonNull(config, "config");
        this.policy = config.policy();
        this.store = requireNonNull(store, "store");
        this.crypto = requireNonNull(crypto, "crypto");
        this.metrics = requireNonNull(metrics, "metrics");
        this.events = requireNonNull(events, "events");
        this.history = requireNonNull(history, "history");
        this.lease = requireNonNull(lease, "lease");
        this.egress = requireNonNull(egress, "egress");
        this.table = requireNonNull(table, "table");
        this.clock = config.monotonicClock();
        this.storeTimeout = config.storeTimeout();
        this.random = requireNonNull(random, "random");
        this.router = requireNonNull(router, "router");
    }

    long now() {
        return clock.nanoTime();
    }

    NodeRef node() {
        return lease.current();
    }

    /** While draining: the peers reattaches and handshakes are sent to instead of being served here. */
    void drain(Redirector redirector) {
        this.drain = redirector;
    }

    Redirector drain() {
        return drain;
    }

    boolean lostEpoch(NodeRef ref) {
        return !lostEpochs.isEmpty() && lostEpochs.contains(ref);
    }

    void loseEpoch(NodeRef ref) {
        lostEpochs.add(ref);
    }

    /** A fresh id for a commit the gateway makes on its own (transitions, terminations). */
    RequestId newRequestId() {
        var bytes = new byte[16];
        random.nextBytes(bytes);
        return new RequestId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The terms sent in an ACK: the policy's timings and what is left of the session's lifetime (store time). */
    SessionTerms terms(SessionRecord record) {
        return SessionTerms.of(policy, Math.max(0, record.expiresAtMs() - record.updatedAtMs()));
    }

    /** The session lifetime's end on this node's monotonic clock, from a record the store just returned. */
    long expiryNanos(SessionRecord record, long nowNanos) {
        long remainingMs = Math.max(0, record.expiresAtMs() - record.updatedAtMs());
        return nowNanos + Duration.ofMillis(remainingMs).toNanos();
    }
}
