package io.jumpingvpn.chaos.workload;

import java.util.concurrent.atomic.AtomicLong;

/** What the racers did so far, for the progress line and the run summary. Thread-safe. */
public final class RacerCounts {

    private final AtomicLong births = new AtomicLong();
    private final AtomicLong races = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();

    void born() {
        births.incrementAndGet();
    }

    void raced() {
        races.incrementAndGet();
    }

    void replayed() {
        replays.incrementAndGet();
    }

    public long births() {
        return births.get();
    }

    public long races() {
        return races.get();
    }

    public long replays() {
        return replays.get();
    }
}
