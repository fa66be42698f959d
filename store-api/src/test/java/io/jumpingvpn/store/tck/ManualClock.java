package io.jumpingvpn.store.tck;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A store clock that moves only when told to: the {@link StoreFixture#elapse} of stores with an injectable clock. */
public final class ManualClock implements InstantSource {

    private final AtomicLong millis;

    public ManualClock(Instant start) {
        requireNonNull(start, "start");
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration duration) {
        requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a manual clock only moves forward, got " + duration);
        }
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
