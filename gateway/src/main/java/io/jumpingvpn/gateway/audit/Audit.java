package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.queue.BoundedWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches audit events to every sink from one dedicated writer thread. {@link #emit} never blocks: events go into a
 * bounded queue, and when it is full they are dropped and counted ({@code jvpn.audit.dropped}), because an audit sink
 * must never be able to stall the data path. Events emitted by type are counted too ({@code jvpn.audit.events}).
 *
 * <p>Drops are also reported in the trail itself: once the queue has room again (at most half full after a batch), the
 * writer hands every sink one {@link AuditEventType#AUDIT_DROPPED} event with the number of events lost since the last
 * report, written directly, so that the report itself cannot be dropped. A sink that fails does not keep the event from
 * the other sinks; its failures are counted ({@code jvpn.audit.sink.failures}, tag {@code sink}) and logged at most
 * every 10 s per sink.
 */
public final class Audit implements AutoCloseable {

    public static final int DEFAULT_CAPACITY = 16_384;

    private static final Logger log = LoggerFactory.getLogger(Audit.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS =
            Duration.ofSeconds(10).toNanos();

    private final List<SinkSlot> sinks;
    private final BoundedWriter<AuditEvent> writer;
    private final Counter dropped;
    private final Map<AuditEventType, Counter> emitted = new EnumMap<>(AuditEventType.class);
    private final MeterRegistry registry;
    private final String nodeId;
    private final Clock clock;
    private final int capacity;
    private long reportedDrops; // writer thread only

    /** A sink with its failure counter and the last time a failure of it was logged (writer thread only). */
    private static final class SinkSlot {
        final AuditSink sink;
        final Counter failures;
        long lastLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

        SinkSlot(AuditSink sink, Counter failures) {
            this.sink = sink;
            this.failures = failures;
        }
    }

    /**
     * @param nodeId the node named in the {@code AUDIT_DROPPED} reports
     * @param clock the clock of their {@code ts}
     */
    public Audit(List<AuditSink> sinks, int capacity, MeterRegistry registry, String nodeId, Clock clock) {
        requireNonNull(sinks, "sinks");
        this.registry = requireNonNull(registry, "registry");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.clock = requireNonNull(clock, "clock");
        this.capacity = capacity;
        var slots = new ArrayList<SinkSlot>();
        for (var sink : sinks) {
            var failures = Counter.builder("jvpn.audit.sink.failures")
                    .tag("sink", sink.name())
                    .description("audit events a sink failed to take (the other sinks still got them)")
                    .register(registry);
            slots.add(new SinkSlot(requireNonNull(sink, "sink"), failures));
        }
        this.sinks = List.copyOf(slots);
        this.writer = new BoundedWriter<>("jvpn-audit", capacity, new BoundedWriter.Target<>() {
            @Override
            public void write(AuditEvent event) {
                writeToSinks(event);
            }

            @Override
            public void flush() {
                reportDrops();
                flushSinks();
            }

            @Override
            public void idle() {
                // Sinks that buffer while their peer is away (TCP syslog) get their chance to send without new events.
                flushSinks();
            }
        });
        for (var type : AuditEventType.values()) {
            emitted.put(
                    type,
                    Counter.builder("jvpn.audit.events")
                            .tag("type", type.name())
                            .description("audit events emitted, by type (dropped ones included)")
                            .register(registry));
        }
        this.dropped = Counter.builder("jvpn.audit.dropped")
                .description("audit events dropped because the queue was full")
                .register(registry);
        Gauge.builder("jvpn.audit.queue.depth", writer, BoundedWriter::depth)
                .description("audit events waiting for the writer")
                .register(registry);
        Gauge.builder("jvpn.audit.queue.capacity", () -> capacity)
                .description("audit events the queue holds before it drops")
                .register(registry);
    }

    /** An audit dispatcher whose drop reports name node {@code -} (for embedders and tests without a node). */
    public Audit(List<AuditSink> sinks, int capacity, MeterRegistry registry) {
        this(sinks, capacity, registry, "-", Clock.systemUTC());
    }

    /** Queues {@code event} for every sink; false when it had to be dropped. Never blocks. */
    public boolean emit(AuditEvent event) {
        requireNonNull(event, "event");
        emitted.get(event.eventType()).increment();
        if (sinks.isEmpty()) {
            return true;
        }
        if (!writer.offer(event)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Events dropped so far. */
    public long dropped() {
        return writer.dropped();
    }

    /** Events the writer took from the queue and handed to the sinks so far (drop reports not included). */
    public long written() {
        return writer.written();
    }

    private void writeToSinks(AuditEvent event) {
        for (var slot : sinks) {
            try {
                slot.sink.write(event);
            } catch (Exception e) {
                failed(slot, "write", e);
            }
        }
    }

    private void flushSinks() {
        for (var slot : sinks) {
            try {
                slot.sink.flush();
            } catch (Exception e) {
                failed(slot, "flush", e);
            }
        }
    }

    /** After a batch: when events were dropped since the last report and the queue has room again, report them. */
    private void reportDrops() {
        long total = writer.dropped();
        if (total == reportedDrops || writer.depth() > capacity / 2) {
            return;
        }
        long lost = total - reportedDrops;
        reportedDrops = total;
        var report = AuditEvent.auditDropped(clock.instant(), nodeId, lost, total, capacity);
        emitted.get(report.eventType()).increment();
        writeToSinks(report);
    }

    private void failed(SinkSlot slot, String what, Exception e) {
        slot.failures.increment();
        long now = System.nanoTime();
        if (now - slot.lastLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            slot.lastLogNanos = now;
            log.warn("audit sink {}: {} failed: {}", slot.sink.name(), what, e.toString());
        }
    }

    /** Writes what is queued (for at most {@code timeout}) and closes the sinks. */
    public void close(Duration timeout) {
        writer.close(timeout);
        for (var slot : sinks) {
            try {
                slot.sink.close();
            } catch (Exception e) {
                log.warn("closing audit sink {} failed: {}", slot.sink.name(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
