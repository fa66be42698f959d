package io.jumpingvpn.deploy.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.audit.AuditEvent;
import io.jumpingvpn.gateway.audit.AuditSink;
import io.jumpingvpn.gateway.audit.JsonLinesAuditSink;
import io.jumpingvpn.store.redis.audit.RedisAuditStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's audit events into the cluster-wide Redis stream: each event's JSON line (the JSON-lines sink's exact
 * text) as field {@code event}, with {@code event_type}, {@code node_id} and, when present, {@code session_id} beside it
 * for filtering. Appends are asynchronous; the appends that failed since the previous batch fail the next
 * {@link #flush()} with one line, so the dispatcher counts them ({@code jvpn.audit.sink.failures{sink=redis-stream}}).
 */
public final class RedisStreamAuditSink implements AuditSink {

    private final RedisAuditStream stream;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    public RedisStreamAuditSink(RedisAuditStream stream) {
        this.stream = requireNonNull(stream, "stream");
    }

    @Override
    public void write(AuditEvent event) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("event_type", event.eventType().name());
        fields.put("node_id", event.nodeId());
        event.sessionId().ifPresent(session -> fields.put("session_id", session));
        stream.append(JsonLinesAuditSink.toJson(event), fields).whenComplete((id, failure) -> {
            if (failure != null) {
                failed.incrementAndGet();
                lastFailure.set(failure.getCause() != null ? failure.getCause().toString() : failure.toString());
            }
        });
    }

    @Override
    public void flush() throws IOException {
        long count = failed.getAndSet(0);
        if (count > 0) {
            throw new IOException(count + " events not appended to " + stream + ": " + lastFailure.get());
        }
    }

    @Override
    public String name() {
        return "redis-stream";
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public String toString() {
        return "RedisStreamAuditSink[" + stream + "]";
    }
}
