package io.jumpingvpn.agent.internal.quality;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * The heartbeats of one transport over the loss window ({@code LOSS_WINDOW_MS}), and the loss, round trip and jitter
 * they show. Pure: every method takes the current time in nanoseconds, so tests drive it by hand. Not thread-safe.
 *
 * <p>A heartbeat's answer is <em>due</em> once {@code ackTimeout} passed since it was sent (the agent uses the
 * heartbeat interval: by the time the next heartbeat leaves, the previous one should have been answered), or twice the
 * window's mean round trip if that is longer, so that a long path is not mistaken for a lossy one. An answer arriving
 * later still counts: the heartbeat was late, not lost. Heartbeats sent before the window are forgotten, so a
 * transport recovers its numbers one window after it recovers.
 */
public final class QualityWindow {

    private static final class Sample {
        final long sequence;
        final long sentNanos;
        long rttNanos = -1;

        Sample(long sequence, long sentNanos) {
            this.sequence = sequence;
            this.sentNanos = sentNanos;
        }

        boolean answered() {
            return rttNanos >= 0;
        }
    }

    private final long windowNanos;
    private final long ackTimeoutNanos;
    private final int capacity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /**
     * @param windowNanos how far back heartbeats count ({@code LOSS_WINDOW_MS})
     * @param ackTimeoutNanos how long after sending a heartbeat its answer is due
     * @param capacity the most heartbeats kept, whatever the window (bounds memory if the clock stalls)
     */
    public QualityWindow(long windowNanos, long ackTimeoutNanos, int capacity) {
        if (windowNanos < 1 || ackTimeoutNanos < 1 || capacity < 1) {
            throw new IllegalArgumentException("window, ack timeout and capacity must be positive, got " + windowNanos
                    + ", " + ackTimeoutNanos + ", " + capacity);
        }
        this.windowNanos = windowNanos;
        this.ackTimeoutNanos = ackTimeoutNanos;
        this.capacity = capacity;
    }

    /** Records heartbeat {@code sequence} sent at {@code nowNanos}. Sequences must increase. */
    public void sent(long sequence, long nowNanos) {
        var last = samples.peekLast();
        if (last != null && sequence <= last.sequence) {
            throw new IllegalArgumentException("heartbeat sequences increase: " + sequence + " after " + last.sequence);
        }
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new Sample(sequence, nowNanos));
    }

    /**
     * Records the answer to heartbeat {@code sequence} at {@code nowNanos} and returns its round trip; empty when the
     * heartbeat is unknown (forgotten, never sent) or was already answered.
     */
    public OptionalLong answered(long sequence, long nowNanos) {
        for (Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
            var sample = it.next();
            if (sample.sequence == sequence) {
                if (sample.answered()) {
                    return OptionalLong.empty();
                }
                sample.rttNanos = Math.max(0, nowNanos - sample.sentNanos);
                return OptionalLong.of(sample.rttNanos);
            }
            if (sample.sequence < sequence) {
                break;
            }
        }
        return OptionalLong.empty();
    }

    /** The quality over the window ending at {@code nowNanos}. Forgets heartbeats sent before the window. */
    public LinkQuality evaluate(long nowNanos) {
        while (!samples.isEmpty() && samples.peekFirst().sentNanos < nowNanos - windowNanos) {
            samples.removeFirst();
        }
        long dueAfter = dueAfterNanos();
        int due = 0;
        int lost = 0;
        int answers = 0;
        long rttSum = 0;
        long jitterSum = 0;
        long previousRtt = -1;
        for (var sample : samples) {
            boolean answered = sample.answered();
            if (!answered && sample.sentNanos + dueAfter > nowNanos) {
                continue;
            }
            due++;
            if (!answered) {
                lost++;
                continue;
            }
            answers++;
            rttSum += sample.rttNanos;
            if (previousRtt >= 0) {
                jitterSum += Math.abs(sample.rttNanos - previousRtt);
            }
            previousRtt = sample.rttNanos;
        }
        if (due == 0) {
            return LinkQuality.UNMEASURED;
        }
        return new LinkQuality(
                (double) lost / due,
                due,
                consecutiveDrops(nowNanos, dueAfter),
                answers == 0 ? OptionalLong.empty() : OptionalLong.of(rttSum / answers),
                answers < 2 ? OptionalLong.empty() : OptionalLong.of(jitterSum / (answers - 1)));
    }

    /** The ack timeout, or twice the mean round trip of the answered heartbeats if that is longer. */
    private long dueAfterNanos() {
        long sum = 0;
        int answers = 0;
        for (var sample : samples) {
            if (sample.answered()) {
                sum += sample.rttNanos;
                answers++;
            }
        }
        return answers == 0 ? ackTimeoutNanos : Math.max(ackTimeoutNanos, 2 * (sum / answers));
    }

    private int consecutiveDrops(long nowNanos, long dueAfter) {
        int drops = 0;
        for (Iterator<Sample> it = samples.descendingIterator(); it.hasNext(); ) {
            var sample = it.next();
            if (sample.answered()) {
                return drops;
            }
            if (sample.sentNanos + dueAfter <= nowNanos) {
                drops++;
            }
        }
        return drops;
    }

    /** Heartbeats currently remembered. */
    public int size() {
        return samples.size();
    }
}
