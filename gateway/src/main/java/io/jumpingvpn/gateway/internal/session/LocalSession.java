package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.gateway.internal.egress.EgressPort;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session this node holds. Two kinds of fields:
 *
 * <ul>
 *   <li>lane-confined (plain): the ledger, quality tracking, the unconfirmed commit and the timers. Only tasks of the
 *       session's lane touch them, one at a time, so they need no synchronisation;
 *   <li>shared (volatile): what the data path on the event loops reads without entering the lane ({@link #link},
 *       {@link #egress}), what it writes ({@link #lastFrameNanos}), and the snapshot operators read ({@code view*}).
 *       Only lane tasks write {@link #link} and {@link #egress}.
 * </ul>
 */
final class LocalSession {

    final SessionId id;
    final String wireId;
    final AgentPublicKey agentKey;
    final long firstSeenNanos;

    // Shared with the data path and the sweeper.
    volatile Link link;
    volatile EgressPort egress;
    volatile long lastFrameNanos;
    volatile long nextCheckNanos;
    final AtomicBoolean checkQueued = new AtomicBoolean();
    /** When the data path last wrote a {@code forward} history line (racy by design: a sample). */
    long lastForwardMarkNanos;

    // Snapshot for operators and gauges, refreshed by the lane after every change.
    volatile SessionState viewState;
    volatile long viewVersion;
    volatile NodeRef viewOwner;
    volatile Binding viewBinding;
    volatile long viewTransportLostNanos = -1;

    // Lane-confined.
    SessionLedger ledger;
    NodeRef owner;
    HeartbeatQuality quality;
    /** A committed live-transport transition the agent has not confirmed yet; no other commit while set. */
    Transition unconfirmed;

    long unconfirmedSentNanos;
    /** When the confirmed state was entered (for VOLATILE_TO_DEGRADED_MS and the restore hysteresis). */
    long stateSinceNanos;
    /** The session lifetime's end on the monotonic clock, from the record's expiry in store time. */
    long expiresAtNanos;
    /** When the session lost its transport (-1 while bound). */
    long transportLostAtNanos = -1;
    /** The last link, kept after unbinding so that a termination can still be tried over it. */
    Link lastLink;
    /** The binding the store last recorded for the session. */
    Binding binding;
    /** Frozen because the node could not prove its lease (partition policy deny); thawed when it can again. */
    boolean frozenByPartition;

    boolean gone;

    /**
     * The version of the latest commit that took the session from this node (a hand-over notice), 0 if none: a link of
     * an older attachment never forwards again. Written by whichever thread learns it first.
     */
    private final AtomicLong movedAt = new AtomicLong();

    LocalSession(SessionId id, AgentPublicKey agentKey, long nowNanos) {
        this.id = id;
        this.wireId = id.value();
        this.agentKey = agentKey;
        this.firstSeenNanos = nowNanos;
        this.lastFrameNanos = nowNanos;
    }

    long movedAtVersion() {
        return movedAt.get();
    }

    /** Records a hand-over at {@code version}; returns the highest recorded. */
    long movedAt(long version) {
        return movedAt.accumulateAndGet(version, Math::max);
    }

    /** Publishes the lane-confined state to the operator snapshot. */
    void refreshView() {
        viewState = ledger.state();
        viewVersion = ledger.confirmedVersion();
        viewOwner = owner;
        viewBinding = link == null ? null : link.path().binding();
        viewTransportLostNanos = transportLostAtNanos;
    }

    @Override
    public String toString() {
        return "LocalSession[" + wireId + "]";
    }
}
