package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Whether one attachment ({@link Link}) may forward DATA now. Forwarding needs every bar lifted:
 *
 * <ul>
 *   <li>{@code HELD}: the session was just taken from another node whose lease may still be alive (or a rebinding
 *       came while such a hand-over still ran); nothing is forwarded until that node announced it stopped (its
 *       {@code Release}; only when the store named one node, {@link #liftedBy}) or until {@link #heldUntilNanos}
 *       (its lease as the store held it, plus a margin). Upstream DATA is kept meanwhile, up to a bound, and
 *       forwarded in order when the hold ends;
 *   <li>{@code FROZEN}: the node could not prove its lease (partition policy {@code deny}) or is moving the session
 *       away (migration, drain);
 *   <li>{@code CLOSED}: the session was taken from this node (a hand-over); final.
 * </ul>
 *
 * The data path reads one volatile int ({@link #forwarding()}); only links that are barred take the monitor. Changes
 * that start or stop forwarding run a callback inside the monitor, so that the history's {@code bind} line precedes
 * the first forwarded frame and its {@code unbind} line follows the last. Any thread may freeze or close a gate (a
 * hand-over notice arrives on the lease thread or a store thread); lifting a bar is a lane task's business.
 */
final class Gate {

    /** What the data path does with a payload the gate did not let through at once. */
    enum Offer {
        /** The bars were lifted meanwhile: forward it now. */
        FORWARD,
        /** Kept, to be forwarded when the hold ends. */
        KEPT,
        /** Dropped: barred for good or for long (frozen, closed), or the hold's buffer is full. */
        DROPPED
    }

    private static final int HELD = 1;
    /** Set while a lifted hold forwards what it kept: replies may reach the agent, new payloads wait. */
    private static final int DRAINING = 2;

    private static final int FROZEN = 4;
    private static final int CLOSED = 8;

    private volatile int bars;
    private final long heldUntilNanos;
    private final Optional<NodeRef> liftedBy;
    private final long releasesFrom;
    private final int capacity;
    private ArrayDeque<byte[]> kept;
    private long dropped;

    private Gate(int bars, long heldUntilNanos, Optional<NodeRef> liftedBy, long releasesFrom, int capacity) {
        this.bars = bars;
        this.heldUntilNanos = heldUntilNanos;
        this.liftedBy = liftedBy;
        this.releasesFrom = releasesFrom;
        this.capacity = capacity;
    }

    /** A gate that forwards at once. */
    static Gate open() {
        return new Gate(0, 0, Optional.empty(), 0, 0);
    }

    /**
     * A gate held until {@code untilNanos}, or until {@code liftedBy}, the one node that may still forward, released
     * the session by a commit at version {@code releasesFrom} or later (an older release is of an earlier take-over,
     * after which that node may have owned the session again); with none named, only the time ends the hold.
     */
    static Gate held(long untilNanos, Optional<NodeRef> liftedBy, long releasesFrom, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        return new Gate(HELD, untilNanos, requireNonNull(liftedBy, "liftedBy"), releasesFrom, capacity);
    }

    /** Whether {@code node}'s release of the commit at {@code version} ends this gate's hold. */
    boolean liftedBy(NodeRef node, long version) {
        return liftedBy.isPresent() && liftedBy.get().equals(node) && version >= releasesFrom;
    }

    /** The data path's check: one volatile read. */
    boolean forwarding() {
        return bars == 0;
    }

    /** Whether a reply may be sealed to the agent: forwarding, or forwarding what a lifted hold kept. */
    boolean mayReachAgent() {
        int now = bars;
        return now == 0 || now == DRAINING;
    }

    boolean held() {
        return (bars & HELD) != 0;
    }

    boolean frozen() {
        return (bars & FROZEN) != 0;
    }

    boolean closed() {
        return (bars & CLOSED) != 0;
    }

    /** When the hold ends at the latest (monotonic); meaningful only while {@link #held()}. */
    long heldUntilNanos() {
        return heldUntilNanos;
    }

    /** Payloads dropped because the hold's buffer was full or the gate was barred. */
    synchronized long dropped() {
        return dropped;
    }

    /** An upstream payload the data path found barred: keep it while only held, else drop it. */
    synchronized Offer offer(ByteBuffer payload) {
        int now = bars;
        if (now == 0) {
            return Offer.FORWARD;
        }
        if (now != HELD || (kept != null && kept.size() >= capacity) || capacity == 0) {
            dropped++;
            return Offer.DROPPED;
        }
        if (kept == null) {
            kept = new ArrayDeque<>(Math.min(capacity, 16));
        }
        var copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        kept.add(copy);
        return Offer.KEPT;
    }

    /**
     * Ends the hold. If nothing else bars the gate, {@code onStart} runs and then the kept payloads go to
     * {@code forward} in the order they came; a payload arriving meanwhile waits for the monitor and goes after them.
     * Returns true when forwarding started.
     */
    synchronized boolean release(Runnable onStart, Consumer<ByteBuffer> forward) {
        if ((bars & HELD) == 0) {
            return false;
        }
        var pending = kept;
        kept = null;
        if (bars != HELD) {
            bars &= ~HELD;
            dropped += pending == null ? 0 : pending.size();
            return false;
        }
        bars = DRAINING;
        try {
            onStart.run();
            if (pending != null) {
                for (var payload : pending) {
                    forward.accept(ByteBuffer.wrap(payload));
                }
            }
        } finally {
            bars = 0;
        }
        return true;
    }

    /** Runs {@code onStart} if the gate forwards now (a new link announcing itself), under the monitor. */
    synchronized boolean ifForwarding(Runnable onStart) {
        if (bars == 0) {
            onStart.run();
            return true;
        }
        return false;
    }

    /** Stops forwarding until {@link #thaw}; {@code onStop} runs if it was forwarding. Returns that. */
    synchronized boolean freeze(Runnable onStop) {
        return bar(FROZEN, onStop);
    }

    /** Lifts a freeze; {@code onStart} runs if the gate forwards now. Returns that. */
    synchronized boolean thaw(Runnable onStart) {
        if ((bars & FROZEN) == 0) {
            return false;
        }
        bars &= ~FROZEN;
        if (bars == 0) {
            onStart.run();
            return true;
        }
        return false;
    }

    /** Stops forwarding for good; {@code onStop} runs if it was forwarding. Returns that. */
    synchronized boolean close(Runnable onStop) {
        boolean stopped = bar(CLOSED, onStop);
        if (kept != null) {
            dropped += kept.size();
            kept = null;
        }
        return stopped;
    }

    private boolean bar(int bar, Runnable onStop) {
        boolean wasForwarding = bars == 0;
        bars |= bar;
        if (wasForwarding) {
            onStop.run();
        }
        return wasForwarding;
    }

    @Override
    public String toString() {
        int now = bars;
        if (now == 0) {
            return "open";
        }
        var text = new StringBuilder();
        if ((now & HELD) != 0) {
            text.append("held ");
        }
        if ((now & FROZEN) != 0) {
            text.append("frozen ");
        }
        if ((now & CLOSED) != 0) {
            text.append("closed ");
        }
        return text.toString().strip();
    }
}
