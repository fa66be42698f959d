package io.jumpingvpn.agent.internal.selection;

import java.util.ArrayDeque;

/**
 * The switch limits of the policy: at most {@code MAX_SWITCHES_PER_MIN} transport switches in any 60 seconds, and at
 * least {@code SWITCH_COOLDOWN_MS} between two. A switch is the session leaving its transport for another one: a
 * recovery after the transport died, a voluntary move to a better candidate, a redirect. Retries inside one recovery
 * are not switches. Pure: times are nanoseconds passed in. Not thread-safe.
 */
public final class SwitchLimiter {

    static final long MINUTE_NANOS = 60_000_000_000L;

    private final int maxPerMinute;
    private final long cooldownNanos;
    private final ArrayDeque<Long> recent = new ArrayDeque<>();

    public SwitchLimiter(int maxPerMinute, long cooldownNanos) {
        if (maxPerMinute < 1 || cooldownNanos < 0) {
            throw new IllegalArgumentException(
                    "need maxPerMinute >= 1 and cooldown >= 0, got " + maxPerMinute + " and " + cooldownNanos);
        }
        this.maxPerMinute = maxPerMinute;
        this.cooldownNanos = cooldownNanos;
    }

    /** Whether a switch may start at {@code nowNanos}. */
    public boolean allows(long nowNanos) {
        return nextAllowedAt(nowNanos) <= nowNanos;
    }

    /** The earliest instant, not before {@code nowNanos}, at which a switch may start. */
    public long nextAllowedAt(long nowNanos) {
        forget(nowNanos);
        long at = nowNanos;
        if (!recent.isEmpty()) {
            at = Math.max(at, recent.peekLast() + cooldownNanos);
        }
        if (recent.size() >= maxPerMinute) {
            // The oldest switch of the minute must leave it first (only the last maxPerMinute are kept).
            at = Math.max(at, recent.peekFirst() + MINUTE_NANOS);
        }
        return at;
    }

    /** Counts a switch started at {@code nowNanos}. */
    public void record(long nowNanos) {
        forget(nowNanos);
        recent.addLast(nowNanos);
        while (recent.size() > maxPerMinute) {
            recent.removeFirst();
        }
    }

    /** Switches counted in the minute before {@code nowNanos}. */
    public int inLastMinute(long nowNanos) {
        forget(nowNanos);
        return recent.size();
    }

    private void forget(long nowNanos) {
        while (!recent.isEmpty() && recent.peekFirst() + MINUTE_NANOS <= nowNanos) {
            recent.removeFirst();
        }
    }
}
