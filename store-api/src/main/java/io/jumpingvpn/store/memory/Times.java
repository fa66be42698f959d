package io.jumpingvpn.store.memory;

import java.time.Duration;

/** Store-time arithmetic that saturates instead of overflowing: a huge lifetime means "never", not a negative time. */
final class Times {

    private Times() {}

    static long millis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLarge) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long plus(long timeMs, long durationMs) {
        long sum = timeMs + durationMs;
        // Overflow happened when both operands have the same sign and the sum's sign differs.
        if (((timeMs ^ sum) & (durationMs ^ sum)) < 0) {
            return durationMs > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
