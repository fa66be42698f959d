package io.jumpingvpn.agent.internal.recovery;

/**
 * Exponential back-off between retries of a refused or unanswered attempt: {@code base}, {@code 2 x base}, ...,
 * capped at {@code max}. Deterministic (no jitter): the gateway's rate limiter and the store recover on their own
 * schedule, and the agent's retries are few and bounded by the recovery window anyway.
 */
public record Backoff(long baseNanos, long maxNanos) {

    public Backoff {
        if (baseNanos < 1 || maxNanos < baseNanos) {
            throw new IllegalArgumentException("need 1 <= base <= max, got " + baseNanos + " and " + maxNanos);
        }
    }

    /** The delay before retry number {@code retry} (0 for the first retry). */
    public long delayNanos(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, got " + retry);
        }
        long delay = baseNanos;
        for (int i = 0; i < retry && delay < maxNanos; i++) {
            delay = delay > maxNanos / 2 ? maxNanos : delay * 2;
        }
        return Math.min(delay, maxNanos);
    }
}
