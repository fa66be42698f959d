package io.jumpingvpn.chaos.node;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock that runs at the real clock's rate, offset by an amount the clock-skew nemesis changes at run time. Only
 * the node's wall clock (request freshness, cookies, event timestamps) is skewed; its monotonic clock, which times
 * leases and history lines, never is.
 */
public final class SkewableClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetMillis;

    public SkewableClock(Clock base, long offsetMillis) {
        this(base, new AtomicLong(offsetMillis));
    }

    private SkewableClock(Clock base, AtomicLong offsetMillis) {
        this.base = requireNonNull(base, "base");
        this.offsetMillis = offsetMillis;
    }

    public void setOffsetMillis(long offset) {
        offsetMillis.set(offset);
    }

    public long offsetMillis() {
        return offsetMillis.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SkewableClock(base.withZone(zone), offsetMillis);
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }
}
