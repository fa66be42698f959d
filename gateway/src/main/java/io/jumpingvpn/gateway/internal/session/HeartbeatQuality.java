package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.protocol.policy.Policy;

/**
 * The uplink quality of one attachment, as the gateway sees it from the agent's heartbeat sequence numbers: gaps,
 * silence and the loss ratio over {@code LOSS_WINDOW_MS}. Pure logic over the caller's monotonic time. Not
 * thread-safe (the session's lane owns it).
 *
 * <ul>
 *   <li>Consecutive drops: the gap a heartbeat revealed when it arrived, or the heartbeats that silence has swallowed
 *       since the last one (one interval of slack): {@code floor(silence / interval) - 1}.
 *   <li>Loss ratio: over the heartbeats received within the window, {@code 1 - received / expected}, where expected
 *       runs from the first to the last sequence number in the window plus those swallowed by silence since. It is
 *       only judged once the window holds at least half a window of heartbeats, so that one loss among the first two
 *       heartbeats of an attachment is not a 50% loss.
 *   <li>Below the floor: {@code MAX_CONSECUTIVE_DROPS} consecutive drops, or a loss ratio at or above
 *       {@code LOSS_VOLATILE_THRESHOLD}.
 *   <li>Restored: a whole window since the state was entered, a judged loss ratio below the threshold, and fewer than
 *       {@code MAX_CONSECUTIVE_DROPS} swallowed by silence. The window of hysteresis keeps a flapping link from
 *       bouncing between states with every heartbeat.
 * </ul>
 */
final class HeartbeatQuality {

    private final long intervalNanos;
    private final long windowNanos;
    private final double threshold;
    private final int maxDrops;
    private final long[] arrivals;
    private final long[] sequences;
    private final long startNanos;
    private int head;
    private int count;
    private long lastSequence = -1;
    private long lastArrivalNanos;
    private long lastGap;

    HeartbeatQuality(Policy policy, long startNanos) {
        this.intervalNanos = policy.heartbeatInterval().toNanos();
        this.windowNanos = policy.lossWindow().toNanos();
        this.threshold = policy.lossVolatileThreshold();
        this.maxDrops = policy.maxConsecutiveDrops();
        // Room for four times the heartbeats a window should hold: an agent sending faster only loses old samples.
        int capacity = (int) Math.min(4096, 4 * (windowNanos / intervalNanos) + 8);
        this.arrivals = new long[capacity];
        this.sequences = new long[capacity];
        this.startNanos = startNanos;
        this.lastArrivalNanos = startNanos;
    }

    /** Records a heartbeat; a sequence number not above the last one (duplicate, reordered) is ignored. */
    void onHeartbeat(long sequence, long nowNanos) {
        if (lastSequence >= 0 && sequence <= lastSequence) {
            return;
        }
        lastGap = lastSequence < 0 ? 0 : sequence - lastSequence - 1;
        lastSequence = sequence;
        lastArrivalNanos = nowNanos;
        int slot = (head + count) % arrivals.length;
        if (count == arrivals.length) {
            head = (head + 1) % arrivals.length;
        } else {
            count++;
        }
        arrivals[slot] = nowNanos;
        sequences[slot] = sequence;
    }

    /** When the last heartbeat arrived (the attachment's start before the first). */
    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    long swallowedBySilence(long nowNanos) {
        return Math.max(0, (nowNanos - lastArrivalNanos) / intervalNanos - 1);
    }

    long consecutiveDrops(long nowNanos) {
        return Math.max(lastGap, swallowedBySilence(nowNanos));
    }

    /** The loss ratio over the window, or -1 when the window holds too little to judge. */
    double lossRatio(long nowNanos) {
        trim(nowNanos);
        if (count == 0) {
            return nowNanos - startNanos >= windowNanos && swallowedBySilence(nowNanos) > 0 ? 1.0 : -1;
        }
        long first = sequences[head];
        long last = sequences[(head + count - 1) % arrivals.length];
        long expected = last - first + 1 + swallowedBySilence(nowNanos);
        if (expected * intervalNanos * 2 < windowNanos) {
            return -1;
        }
        return Math.max(0, 1 - (double) count / expected);
    }

    boolean belowFloor(long nowNanos) {
        return consecutiveDrops(nowNanos) >= maxDrops || lossRatio(nowNanos) >= threshold;
    }

    boolean restored(long nowNanos, long stateSinceNanos) {
        if (nowNanos - stateSinceNanos < windowNanos || swallowedBySilence(nowNanos) >= maxDrops) {
            return false;
        }
        double loss = lossRatio(nowNanos);
        return loss >= 0 && loss < threshold;
    }

    /** When silence alone will have swallowed {@code MAX_CONSECUTIVE_DROPS} heartbeats. */
    long silenceDeadlineNanos() {
        return lastArrivalNanos + (maxDrops + 1) * intervalNanos;
    }

    private void trim(long nowNanos) {
        while (count > 0 && nowNanos - arrivals[head] > windowNanos) {
            head = (head + 1) % arrivals.length;
            count--;
        }
    }
}
