package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the lanes of one store benchmark share: the measured window, the reason the run was stopped if it was, and the
 * counts of attempts that ended inside the window. Safe for use by many threads: lanes complete on store threads.
 */
final class BenchTally {

    private final Recorder latencyMicros = new Recorder(3);
    private final LongAdder attempts = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder rounds = new LongAdder();
    private final LongAdder badRounds = new LongAdder();
    private final Map<StoreRejectCode, LongAdder> rejected = new EnumMap<>(StoreRejectCode.class);
    private final AtomicReference<String> fatal = new AtomicReference<>();

    private volatile long measureStartNanos;
    private volatile long endNanos = Long.MAX_VALUE;

    BenchTally() {
        for (var code : StoreRejectCode.values()) {
            rejected.put(code, new LongAdder());
        }
    }

    /** Attempts that end from {@code startNanos} to {@code endNanos} (System.nanoTime) are counted. */
    void window(long startNanos, long endNanos) {
        this.measureStartNanos = startNanos;
        this.endNanos = endNanos;
    }

    long measureStartNanos() {
        return measureStartNanos;
    }

    long endNanos() {
        return endNanos;
    }

    /** Whether lanes should start another round: the window is not over and nothing stopped the run. */
    boolean running() {
        return fatal.get() == null && System.nanoTime() < endNanos;
    }

    /** Stops the run; the first reason is the one reported. */
    void stop(String reason) {
        fatal.compareAndSet(null, reason);
    }

    /** Why the run was stopped, or null. */
    String fatal() {
        return fatal.get();
    }

    /** Counts one attempt if it ended inside the measured window; returns whether it did. */
    boolean record(long startNanos, StoreResult<SessionRecord> result) {
        long now = System.nanoTime();
        if (now < measureStartNanos || now > endNanos) {
            return false;
        }
        attempts.increment();
        latencyMicros.recordValue(Math.max(1, (now - startNanos) / 1_000));
        switch (result) {
            case StoreResult.Committed<SessionRecord> ignored -> commits.increment();
            case StoreResult.Rejected<SessionRecord> r
            when r.code() == StoreRejectCode.OWNERSHIP_CONFLICT -> conflicts.increment();
            case StoreResult.Rejected<SessionRecord> r -> rejected.get(r.code()).increment();
            case StoreResult.Unknown<SessionRecord> ignored -> unknown.increment();
        }
        return true;
    }

    /** Counts a round that ended inside the window; {@code bad} when it did not end with exactly one winner. */
    void round(boolean bad) {
        rounds.increment();
        if (bad) {
            badRounds.increment();
        }
    }

    long attempts() {
        return attempts.sum();
    }

    long commits() {
        return commits.sum();
    }

    long conflicts() {
        return conflicts.sum();
    }

    long unknown() {
        return unknown.sum();
    }

    long rounds() {
        return rounds.sum();
    }

    long badRounds() {
        return badRounds.sum();
    }

    long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Refusals other than OWNERSHIP_CONFLICT, by code, only the codes that occurred. */
    Map<String, Long> rejectedByCode() {
        var codes = new TreeMap<String, Long>();
        rejected.forEach((code, count) -> {
            if (count.sum() > 0) {
                codes.put(code.name(), count.sum());
            }
        });
        return codes;
    }

    /** The latencies recorded since the last call. */
    Histogram latencies() {
        return latencyMicros.getIntervalHistogram();
    }
}
