package io.jumpingvpn.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditUnitTests {

    private static final Instant TS = Instant.parse("2026-01-02T03:04:05.678901Z");

    @Test
    void aJsonLineHasTheCommonFieldsFirstThenTheTypesOwn() {
        var event =
                AuditEvent.stateChange(TS, "gw-1", "s1", 3, "RECOVERING", "ATTACHED", "REATTACH_ACCEPTED", "COMMITTED");

        assertThat(JsonLinesAuditSink.toJson(event))
                .isEqualTo("{\"ts\":\"2026-01-02T03:04:05.678Z\",\"event_type\":\"STATE_CHANGE\",\"session_id\":\"s1\","
                        + "\"node_id\":\"gw-1\",\"state_version\":3,\"reason_code\":\"REATTACH_ACCEPTED\","
                        + "\"from\":\"RECOVERING\",\"to\":\"ATTACHED\",\"status\":\"COMMITTED\"}");
    }

    @Test
    void absentCommonFieldsAreWrittenAsNull() {
        var event = AuditEvent.securityEvent(
                TS, "gw-1", Optional.empty(), OptionalLong.empty(), "ABUSE", "RATE_LIMITED", "udp://1.2.3.4:5", "x");

        assertThat(JsonLinesAuditSink.toJson(event))
                .contains("\"session_id\":null", "\"state_version\":null", "\"kind\":\"ABUSE\"");
    }

    @Test
    void fieldsAreCheckedWhenTheEventIsBuilt() {
        assertThatThrownBy(() -> new AuditEvent(
                        TS,
                        AuditEventType.SECURITY_EVENT,
                        Optional.empty(),
                        "n",
                        OptionalLong.empty(),
                        Optional.empty(),
                        Map.of("node_id", "clash")))
                .hasMessageContaining("node_id");
        assertThatThrownBy(() -> new AuditEvent(
                        TS,
                        AuditEventType.SECURITY_EVENT,
                        Optional.empty(),
                        "n",
                        OptionalLong.empty(),
                        Optional.empty(),
                        Map.of("when", Instant.EPOCH)))
                .hasMessageContaining("Instant");
    }

    @Test
    void theSinkWritesOneLinePerEventAndFlushesPerBatch() throws Exception {
        var bytes = new ByteArrayOutputStream();
        var registry = new SimpleMeterRegistry();
        var audit = new Audit(List.of(JsonLinesAuditSink.to(bytes, "memory")), 64, registry);
        for (int i = 1; i <= 3; i++) {
            audit.emit(AuditEvent.sessionTerminated(TS, "gw-1", "s" + i, i, "OPERATOR_TERMINATE", 10, 0, true));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.written() == 3);
        audit.close(Duration.ofSeconds(5));

        var lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).contains("\"session_id\":\"s3\"", "\"committed\":true");
        assertThat(registry.counter("jvpn.audit.events", "type", "SESSION_TERMINATED")
                        .count())
                .isEqualTo(3);
    }

    @Test
    void aStuckSinkNeverBlocksTheEmitterAndTheDropsAreCounted() throws Exception {
        var release = new CountDownLatch(1);
        var stuck = new AuditSink() {
            @Override
            public void write(AuditEvent event) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void close() {}
        };
        var registry = new SimpleMeterRegistry();
        var audit = new Audit(List.of(stuck), 4, registry);
        var event = AuditEvent.securityEvent(
                TS, "gw-1", Optional.empty(), OptionalLong.empty(), "ABUSE", "RATE_LIMITED", "-", "flood");

        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            accepted += audit.emit(event) ? 1 : 0;
        }
        long elapsed = System.nanoTime() - start;

        // At most a full queue, plus what the writer took into its batch before the sink got stuck: the item it polled
        // and up to a full queue drained right after.
        assertThat(accepted).isLessThanOrEqualTo(2 * 4 + 1);
        assertThat(audit.dropped()).isEqualTo(100 - accepted);
        assertThat(registry.counter("jvpn.audit.dropped").count()).isEqualTo(100 - accepted);
        assertThat(elapsed).as("emitting never waited for the sink").isLessThan(TimeUnit.SECONDS.toNanos(5));
        release.countDown();
        audit.close(Duration.ofSeconds(5));
    }

    @Test
    void dropsAreReportedInTheTrailOnceTheQueueHasRoomAgain() throws Exception {
        var release = new CountDownLatch(1);
        var seen = new java.util.concurrent.CopyOnWriteArrayList<AuditEvent>();
        var slow = new AuditSink() {
            @Override
            public void write(AuditEvent event) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(event);
            }

            @Override
            public void close() {}
        };
        var registry = new SimpleMeterRegistry();
        var audit = new Audit(List.of(slow), 4, registry, "gw-9", java.time.Clock.systemUTC());
        var event = AuditEvent.sessionTerminated(TS, "gw-9", "s1", 2, "OPERATOR_TERMINATE", 1, 0, true);
        for (int i = 0; i < 50; i++) {
            audit.emit(event);
        }
        long dropped = audit.dropped();
        assertThat(dropped).isPositive();
        release.countDown();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> seen.stream().anyMatch(e -> e.eventType() == AuditEventType.AUDIT_DROPPED));
        var report = seen.stream()
                .filter(e -> e.eventType() == AuditEventType.AUDIT_DROPPED)
                .toList();
        assertThat(report).hasSize(1);
        assertThat(report.getFirst().fields())
                .containsEntry("dropped_events", dropped)
                .containsEntry("dropped_total", dropped)
                .containsEntry("queue_capacity", 4);
        assertThat(report.getFirst().nodeId()).isEqualTo("gw-9");
        assertThat(io.jumpingvpn.gateway.testing.AuditSchema.problems(report.getFirst()))
                .isEmpty();
        assertThat(registry.counter("jvpn.audit.events", "type", "AUDIT_DROPPED")
                        .count())
                .isEqualTo(1);
        audit.close(Duration.ofSeconds(5));
    }

    @Test
    void aFailingSinkDoesNotKeepEventsFromTheOthers() throws Exception {
        var broken = new AuditSink() {
            @Override
            public void write(AuditEvent event) throws java.io.IOException {
                throw new java.io.IOException("disk full");
            }

            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void close() {}
        };
        var bytes = new ByteArrayOutputStream();
        var registry = new SimpleMeterRegistry();
        var audit = new Audit(List.of(broken, JsonLinesAuditSink.to(bytes, "memory")), 64, registry);
        audit.emit(AuditEvent.sessionTerminated(TS, "gw-1", "s1", 2, "OPERATOR_TERMINATE", 1, 0, true));
        audit.emit(AuditEvent.sessionTerminated(TS, "gw-1", "s2", 2, "OPERATOR_TERMINATE", 1, 0, true));
        await().atMost(Duration.ofSeconds(10)).until(() -> audit.written() == 2);
        audit.close(Duration.ofSeconds(5));

        assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n")).hasSize(2);
        assertThat(registry.counter("jvpn.audit.sink.failures", "sink", "broken")
                        .count())
                .isEqualTo(2);
    }
}
