package io.jumpingvpn.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.testing.AuditSchema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every event the node can build is valid under the published schema, and the schema refuses what is not. */
class AuditSchemaUnitTests {

    private static final Instant TS = Instant.parse("2026-01-02T03:04:05.678Z");

    static List<AuditEvent> oneOfEach() {
        return List.of(
                AuditEvent.stateChange(
                        TS, "gw-1", "s1abcdef", 2, "ATTACHED", "VOLATILE", "QUALITY_BELOW_FLOOR", "LOCAL"),
                AuditEvent.transportSwitch(
                        TS, "gw-1", "s1abcdef", 4, "udp://10.0.0.1:4000", "tcp://10.0.0.2:5000", 1, 1200, 35),
                AuditEvent.reattachResult(
                        TS,
                        "gw-1",
                        "s1abcdef",
                        OptionalLong.of(4),
                        Optional.empty(),
                        2,
                        7,
                        "udp://10.0.0.1:4000",
                        "r-1"),
                AuditEvent.reattachResult(
                        TS,
                        "gw-1",
                        "s1abcdef",
                        OptionalLong.empty(),
                        Optional.of("AUTH_FAIL"),
                        2,
                        7,
                        "udp://10.0.0.1:4000",
                        "r-2"),
                AuditEvent.ownershipChange(TS, "gw-2", "s1abcdef", 5, "gw-1", 3, "gw-2", 4, "REATTACH"),
                AuditEvent.sessionTerminated(TS, "gw-1", "s1abcdef", 6, "OPERATOR_TERMINATE", 60_000, 0, true),
                AuditEvent.securityEvent(
                        TS,
                        "gw-1",
                        Optional.empty(),
                        OptionalLong.empty(),
                        "AUTH_FAILURE",
                        "AUTH_FAIL",
                        "udp://10.0.0.9:1",
                        "handshake: unknown agent key"),
                AuditEvent.handshakeResult(
                        TS,
                        "gw-1",
                        Optional.of("s1abcdef"),
                        OptionalLong.of(1),
                        Optional.empty(),
                        "tcp://10.0.0.1:4000",
                        "session born"),
                AuditEvent.handshakeResult(
                        TS,
                        "gw-1",
                        Optional.empty(),
                        OptionalLong.empty(),
                        Optional.of("POLICY_DENY"),
                        "udp://10.0.0.1:4000",
                        "this node holds its maximum of sessions"),
                AuditEvent.auditDropped(TS, "gw-1", 12, 40, 16_384),
                AuditEvent.ownershipChange(TS, "gw-1", "s1abcdef", 9, "gw-1", 3, "gw-2", 4, "MIGRATE", "ops:alice"),
                AuditEvent.adminAction(
                        TS,
                        "gw-1",
                        Optional.empty(),
                        "DRAIN",
                        "signal:SIGTERM",
                        "gw-1",
                        "DONE",
                        "12 sessions moved by their agents, 1 transferred, 0 left"));
    }

    @Test
    void everyKindOfEventIsValid() {
        var events = oneOfEach();
        assertThat(events.stream().map(AuditEvent::eventType).distinct())
                .containsExactlyInAnyOrder(AuditEventType.values());
        for (var event : events) {
            assertThat(AuditSchema.problems(event))
                    .as(JsonLinesAuditSink.toJson(event))
                    .isEmpty();
        }
    }

    @Test
    void theSchemaRefusesMissingUnknownAndMistypedFields() {
        var valid = JsonLinesAuditSink.toJson(oneOfEach().get(5));

        assertThat(AuditSchema.problems(valid.replace(",\"committed\":true", "")))
                .isNotEmpty();
        assertThat(AuditSchema.problems(valid.replace("}", ",\"extra\":1}"))).isNotEmpty();
        assertThat(AuditSchema.problems(valid.replace("\"age_ms\":60000", "\"age_ms\":\"60000\"")))
                .isNotEmpty();
        assertThat(AuditSchema.problems(valid.replace("\"node_id\":\"gw-1\",", "")))
                .isNotEmpty();
        assertThat(AuditSchema.problems(valid.replace("SESSION_TERMINATED", "SESSION_GONE")))
                .isNotEmpty();
        var security = JsonLinesAuditSink.toJson(oneOfEach().get(6));
        assertThat(AuditSchema.problems(security.replace("AUTH_FAILURE", "SOMETHING")))
                .isNotEmpty();
        var refusedHandshake = JsonLinesAuditSink.toJson(oneOfEach().get(8));
        assertThat(AuditSchema.problems(
                        refusedHandshake.replace("\"reason_code\":\"POLICY_DENY\"", "\"reason_code\":null")))
                .isNotEmpty();
    }
}
