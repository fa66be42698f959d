package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.queue.BoundedWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches audit events to every sink from one dedicated writer thread. {@link #emit} never blocks: events go into a
 * bounded queue, and when it is full they are dropped and counted ({@code jvpn.audit.dropped}), because an audit sink
 * must never be able to stall the data path. Events emitted by type are counted too ({@code jvpn.audit.events}).
 */
public final class Audit implements AutoCloseable {

    public static final int DEFAULT_CAPACITY = 16_384;

    private static final Logger log = LoggerFactory.getLogger(Audit.class);

    private final List<AuditSink> sinks;
    private final BoundedWriter<AuditEvent> writer;
    private final Counter dropped;
    private final MeterRegistry registry;

    public Audit(List<AuditSink> sinks, int capacity, MeterRegistry registry) {
        this.sinks = List.copyOf(requireNonNull(sinks, "sinks"));
        this.registry = requireNonNull(registry, "registry");
        this.writer = new BoundedWriter<>("jvpn-audit", capacity, new BoundedWriter.Target<>() {
            @Override
            public void write(AuditEvent event) throws Exception {
                for (var sink : Audit.this.sinks) {
                    sink.write(event);
                }
            }

            @Override
            public void flush() throws Exception {
                for (var sink : Audit.this.sinks) {
                    sink.flush();
                }
            }
        });
        this.dropped = Counter.builder("jvpn.audit.dropped")
                .description("audit events dropped because the queue was full")
                .register(registry);
        Gauge.builder("jvpn.audit.queue.depth", writer, BoundedWriter::depth)
                .description("audit events waiting for the writer")
                .register(registry);
    }

    /** Queues {@code event} for every sink; false when it had to be dropped. Never blocks. */
    public boolean emit(AuditEvent event) {
        requireNonNull(event, "event");
        registry.counter("jvpn.audit.events", "type", event.eventType().name()).increment();
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

    /** Events every sink was handed so far. */
    public long written() {
        return writer.written();
    }

    /** Writes what is queued (for at most {@code timeout}) and closes the sinks. */
    public void close(Duration timeout) {
        writer.close(timeout);
        for (var sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                log.warn("closing audit sink {} failed: {}", sink, e.toString());
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
