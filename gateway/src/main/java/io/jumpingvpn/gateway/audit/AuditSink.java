package io.jumpingvpn.gateway.audit;

import java.io.IOException;

/**
 * Where audit events end up. Called only from the {@link Audit} writer thread, one event at a time, so an
 * implementation needs no locking of its own; it may block (that is the writer's business, never the data path's).
 */
public interface AuditSink extends AutoCloseable {

    void write(AuditEvent event) throws IOException;

    /** A short name for meters and log lines ({@code jvpn.audit.sink.failures{sink=...}}), e.g. {@code syslog-tcp}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Called after each batch of events. */
    default void flush() throws IOException {}

    @Override
    void close() throws IOException;
}
