package io.jumpingvpn.agent.internal.quality;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * What the heartbeats of one transport said over the loss window, at one instant.
 *
 * @param loss lost heartbeats over heartbeats whose answer is due, in [0, 1]; 0 when none is due yet
 * @param due heartbeats of the window whose answer is due (answered or not)
 * @param consecutiveDrops the newest due heartbeats that went unanswered, in a row
 * @param meanRttNanos mean round trip of the answered heartbeats of the window; empty when none was answered
 * @param jitterNanos mean absolute difference between consecutive round trips (RFC 3550's idea without smoothing);
 *     empty with fewer than two answers
 */
public record LinkQuality(
        double loss, int due, int consecutiveDrops, OptionalLong meanRttNanos, OptionalLong jitterNanos) {

    /** A loss ratio needs more than one heartbeat (the policy's rule LOSS_WINDOW_MS >= 2 x HEARTBEAT_INTERVAL_MS). */
    public static final int MIN_DUE_FOR_LOSS = 2;

    /** No heartbeat due yet: nothing known, nothing wrong. */
    public static final LinkQuality UNMEASURED = new LinkQuality(0, 0, 0, OptionalLong.empty(), OptionalLong.empty());

    public LinkQuality {
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1], got " + loss);
        }
        if (due < 0 || consecutiveDrops < 0 || consecutiveDrops > due) {
            throw new IllegalArgumentException(
                    "need 0 <= consecutiveDrops <= due, got " + consecutiveDrops + " and " + due);
        }
        requireNonNull(meanRttNanos, "meanRttNanos");
        requireNonNull(jitterNanos, "jitterNanos");
    }

    /**
     * Whether this is below the policy's floor: the window's loss, over at least {@link #MIN_DUE_FOR_LOSS} due
     * heartbeats, reached {@code lossThreshold}, or {@code maxConsecutiveDrops} heartbeats in a row went unanswered.
     * A single late answer on a new transport is not a loss ratio.
     */
    public boolean isBelowFloor(double lossThreshold, int maxConsecutiveDrops) {
        return (due >= MIN_DUE_FOR_LOSS && loss >= lossThreshold) || consecutiveDrops >= maxConsecutiveDrops;
    }
}
