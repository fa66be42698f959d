package io.jumpingvpn.gateway.testing;

import io.jumpingvpn.gateway.audit.AuditEvent;
import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit event in memory, for assertions. */
public final class RecordingAuditSink implements AuditSink {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void write(AuditEvent event) {
        events.add(event);
    }

    @Override
    public void close() {}

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public List<AuditEvent> events(AuditEventType type) {
        return events.stream().filter(event -> event.eventType() == type).toList();
    }

    public List<AuditEvent> events(AuditEventType type, String session) {
        return events.stream()
                .filter(event -> event.eventType() == type)
                .filter(event -> event.sessionId().filter(session::equals).isPresent())
                .toList();
    }
}
