package io.jumpingvpn.gateway.internal.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue drained by one dedicated thread. {@link #offer} never blocks: when the queue is full the item is
 * dropped and counted, so a slow disk or sink can never stall the thread that produced the item (an event loop). The
 * writer hands items to the {@link Target} in batches and flushes after each batch.
 */
public final class BoundedWriter<T> implements AutoCloseable {

    /** What the writer thread writes to. Called from that thread only. */
    public interface Target<T> {
        void write(T item) throws Exception;

        void flush() throws Exception;

        /** Called when the queue stayed empty for a poll interval (100 ms): time for background work of the target. */
        default void idle() throws Exception {}
    }

    private static final Logger log = LoggerFactory.getLogger(BoundedWriter.class);
    private static final int BATCH = 256;
    private static final long ERROR_LOG_INTERVAL_NS = Duration.ofSeconds(10).toNanos();

    private final String name;
    private final ArrayBlockingQueue<T> queue;
    private final Target<T> target;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closing;
    private long lastErrorLogNs = System.nanoTime() - ERROR_LOG_INTERVAL_NS;

    public BoundedWriter(String name, int capacity, Target<T> target) {
        this.name = requireNonNull(name, "name");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.target = requireNonNull(target, "target");
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Queues {@code item}; false (and counted as dropped) when the queue is full or the writer is closing. */
    public boolean offer(T item) {
        requireNonNull(item, "item");
        if (closing || !queue.offer(item)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    /** Items the target refused with an exception. */
    public long failures() {
        return failures.get();
    }

    public int depth() {
        return queue.size();
    }

    private void run() {
        var batch = new ArrayList<T>(BATCH);
        while (true) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    idle();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (var item : batch) {
                    write(item);
                }
                batch.clear();
                flush();
            } catch (InterruptedException e) {
                drainRemaining(batch);
                return;
            }
        }
    }

    private void drainRemaining(ArrayList<T> batch) {
        queue.drainTo(batch);
        for (var item : batch) {
            write(item);
        }
        flush();
    }

    private void write(T item) {
        try {
            target.write(item);
            written.incrementAndGet();
        } catch (Exception e) {
            failures.incrementAndGet();
            logError("write", e);
        }
    }

    private void flush() {
        try {
            target.flush();
        } catch (Exception e) {
            logError("flush", e);
        }
    }

    private void idle() {
        try {
            target.idle();
        } catch (Exception e) {
            logError("idle", e);
        }
    }

    private void logError(String what, Exception e) {
        long now = System.nanoTime();
        if (now - lastErrorLogNs >= ERROR_LOG_INTERVAL_NS) {
            lastErrorLogNs = now;
            log.warn("{}: {} failed: {}", name, what, e.toString());
        }
    }

    /** Stops accepting items, writes what is queued (for at most {@code timeout}), and stops the thread. */
    public void close(Duration timeout) {
        closing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
