package io.jumpingvpn.gateway.internal.flood;

/**
 * Events per second over a sliding second, estimated from the current and the previous one-second window (the
 * previous window weighted by how much of it still overlaps the last second). Thread-safe.
 */
final class RateMeter {

    private static final long SECOND = 1_000_000_000L;

    private long windowStart;
    private long current;
    private long previous;

    RateMeter(long nowNanos) {
        this.windowStart = nowNanos;
    }

    synchronized void record(long nowNanos) {
        roll(nowNanos);
        current++;
    }

    synchronized double perSecond(long nowNanos) {
        roll(nowNanos);
        double elapsed = (double) (nowNanos - windowStart) / SECOND;
        return previous * Math.max(0, 1 - elapsed) + current;
    }

    private void roll(long nowNanos) {
        long elapsed = nowNanos - windowStart;
        if (elapsed < SECOND) {
            return;
        }
        previous = elapsed < 2 * SECOND ? current : 0;
        current = 0;
        windowStart = nowNanos - (elapsed % SECOND);
    }
}
