package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One log line per condition and interval. A Redis outage makes every call fail the same way; the log gets one line
 * for it (with the number of repeats it swallowed), never a stack trace for a failure the store expects.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Condition> conditions = new ConcurrentHashMap<>();

    private static final class Condition {
        final AtomicLong nextNanos;
        final AtomicLong suppressed = new AtomicLong();

        Condition(long nextNanos) {
            this.nextNanos = new AtomicLong(nextNanos);
        }
    }

    public RateLimitedLog(Logger logger, long interval, TimeUnit unit, LongSupplier nanoClock) {
        this.logger = requireNonNull(logger, "logger");
        this.intervalNanos = unit.toNanos(interval);
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    public void warn(String condition, String message) {
        var line = admit(condition, message);
        if (line != null) {
            logger.warn(line);
        }
    }

    public void info(String condition, String message) {
        var line = admit(condition, message);
        if (line != null) {
            logger.info(line);
        }
    }

    /** The line to log now for {@code condition}, or null when it was logged less than an interval ago. */
    String admit(String condition, String message) {
        long now = nanoClock.getAsLong();
        var state = conditions.computeIfAbsent(condition, c -> new Condition(now));
        long next = state.nextNanos.get();
        if (now - next < 0 || !state.nextNanos.compareAndSet(next, now + intervalNanos)) {
            state.suppressed.incrementAndGet();
            return null;
        }
        long repeats = state.suppressed.getAndSet(0);
        return repeats == 0 ? message : message + " (" + repeats + " more since the last report)";
    }
}
