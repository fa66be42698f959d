package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sweep: every tick it looks at up to {@value #MAX_PER_TICK} sessions (continuing where the last tick
 * stopped, so every session is seen within a bounded number of ticks), compares each one's next deadline with the
 * clock (two volatile reads), and queues a check on the session's lane only when one is due and none is queued. It also
 * retries unsettled store outcomes, forgets old switch records, and lets the {@link Partition} notice the lease proof
 * lapsing and returning. It never touches session state itself.
 */
final class Sweeper implements AutoCloseable {

    static final int MAX_PER_TICK = 4096;

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private static final long PURGE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final Context context;
    private final Lanes lanes;
    private final Detector detector;
    private final Reconciler reconciler;
    private final SwitchLimiter switches;
    private final Partition partition;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private List<LocalSession> round = List.of();
    private int cursor;
    private long lastPurgeNanos;

    Sweeper(
            Context context,
            Lanes lanes,
            Detector detector,
            Reconciler reconciler,
            SwitchLimiter switches,
            Partition partition,
            Duration interval) {
        this.context = requireNonNull(context, "context");
        this.lanes = requireNonNull(lanes, "lanes");
        this.detector = requireNonNull(detector, "detector");
        this.reconciler = requireNonNull(reconciler, "reconciler");
        this.switches = requireNonNull(switches, "switches");
        this.partition = requireNonNull(partition, "partition");
        this.interval = requireNonNull(interval, "interval");
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jvpn-sweeper").daemon(true).factory());
    }

    void start() {
        lastPurgeNanos = context.now();
        long period = Math.max(1, interval.toMillis());
        thread.scheduleWithFixedDelay(this::safeTick, period, period, TimeUnit.MILLISECONDS);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("sweep failed: {}", e.toString(), e);
        }
    }

    private void tick() {
        long now = context.now();
        partition.tick(now);
        if (cursor >= round.size()) {
            round = context.table.snapshot();
            cursor = 0;
        }
        int end = Math.min(round.size(), cursor + MAX_PER_TICK);
        for (; cursor < end; cursor++) {
            var session = round.get(cursor);
            if (session.gone || now - session.nextCheckNanos < 0) {
                continue;
            }
            if (session.checkQueued.compareAndSet(false, true)) {
                lanes.submit(session.wireId, lane -> {
                    session.checkQueued.set(false);
                    return detector.check(session, lane);
                });
            }
        }
        for (var id : reconciler.due(now)) {
            lanes.submit(id, lane -> reconciler.settle(id, lane));
        }
        if (now - lastPurgeNanos >= PURGE_EVERY_NANOS) {
            lastPurgeNanos = now;
            switches.purge(now);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
