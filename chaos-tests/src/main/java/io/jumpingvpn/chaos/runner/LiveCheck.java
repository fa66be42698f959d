package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.checker.Checker;
import io.jumpingvpn.chaos.checker.Invariant;
import io.jumpingvpn.chaos.history.HistoryReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the checker on the run directory while the run goes on, so that the progress line can say how many safety
 * violations ({@code no_dual_active}, {@code versions_monotonic}) the history shows so far. Only counterexamples older
 * than {@link #SETTLE_NANOS} count: the files are written by several processes with small delays, and a line that
 * ends an interval may not be on disk yet when the line that opens the next one already is. The final verdict is the
 * checker's on the complete history, after the run.
 *
 * <p>The checker costs CPU on the machine under test, so it runs at most every {@link #MIN_INTERVAL_NANOS}, and at
 * least ten times its own duration apart.
 */
final class LiveCheck implements AutoCloseable {

    static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(3);
    static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final List<Invariant> SAFETY = List.of(Invariant.NO_DUAL_ACTIVE, Invariant.VERSIONS_MONOTONIC);

    private final Path dir;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long violations;
    private volatile long checkedAtNanos = -1;

    LiveCheck(Path dir) {
        this.dir = requireNonNull(dir, "dir");
        this.thread = Thread.ofPlatform().daemon().name("chaos-live-check").unstarted(this::loop);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long wait = MIN_INTERVAL_NANOS;
        while (!stopped) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            long started = System.nanoTime();
            try {
                var result = new Checker().check(new HistoryReader().read(dir));
                long cutoff = started - SETTLE_NANOS;
                long count = 0;
                for (var invariant : SAFETY) {
                    var verdict = result.result(invariant);
                    long settled = verdict.counterexamples().stream()
                            .filter(c -> c.monoNs() < cutoff)
                            .count();
                    // The checker lists the earliest ones; when all listed are settled, the rest may be too.
                    count += settled == verdict.counterexamples().size() ? verdict.counterexampleCount() : settled;
                }
                violations = count;
                checkedAtNanos = started;
            } catch (RuntimeException e) {
                System.err.println("chaos: the live check failed: " + e);
            }
            wait = Math.max(MIN_INTERVAL_NANOS, 10 * (System.nanoTime() - started));
        }
    }

    /** Safety violations the history showed at the last check. */
    long violations() {
        return violations;
    }

    /** When the last check started (CLOCK_MONOTONIC), or -1 before the first. */
    long checkedAtNanos() {
        return checkedAtNanos;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
