package io.jumpingvpn.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.gateway.testing.AuditSchema;
import io.jumpingvpn.gateway.testing.Rsyslog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog sink against a real rsyslogd: every event arrives parsed, over UDP and TCP, in both formats. */
class SyslogAuditSinkIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SD_PARAM = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path temp;

    private Rsyslog rsyslog;
    private Audit audit;

    @AfterEach
    void stop() {
        if (audit != null) {
            audit.close(Duration.ofSeconds(5));
        }
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    private Audit audit(SyslogSettings settings) throws Exception {
        audit = new Audit(
                List.of(SyslogAuditSink.open(settings)), 1024, new SimpleMeterRegistry(), "gw-1", Clock.systemUTC());
        return audit;
    }

    @Test
    void everyEventArrivesOverUdpWithItsFieldsAsStructuredData() throws Exception {
        rsyslog = Rsyslog.start(temp.resolve("rsyslog"));
        var events = AuditSchemaUnitTests.oneOfEach();
        var audit = audit(SyslogSettings.of(SyslogSettings.Transport.UDP, "127.0.0.1", rsyslog.udpPort())
                .withAppName("jvpn-test"));

        events.forEach(audit::emit);

        await().atMost(WAIT).until(() -> rsyslog.received().size() >= events.size());
        var received = rsyslog.received();
        assertThat(received).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            var event = events.get(i);
            var message = received.get(i);
            assertThat(message.get("msgid").asText())
                    .isEqualTo(event.eventType().name());
            assertThat(message.get("app").asText()).isEqualTo("jvpn-test");
            assertThat(message.get("facility").asText()).isEqualTo("local0");
            assertThat(message.get("severity").asText())
                    .isEqualTo(
                            switch (event.eventType()) {
                                case SECURITY_EVENT, AUDIT_DROPPED -> "warning";
                                case SESSION_TERMINATED, OWNERSHIP_CHANGE, ADMIN_ACTION -> "notice";
                                default ->
                                    event.reasonCode().isPresent()
                                                    && event.fields().containsKey("result")
                                            ? "notice"
                                            : "info";
                            });
            assertThat(message.get("sd").asText()).startsWith("[jvpn@32473 ");
            assertThat(sdParams(message.get("sd").asText())).isEqualTo(expectedParams(event));
            assertThat(message.get("msg").asText()).startsWith(event.eventType().name());
        }
    }

    @Test
    void jsonMessagesOverTcpAreTheJsonLinesAndValidAgainstTheSchema() throws Exception {
        rsyslog = Rsyslog.start(temp.resolve("rsyslog"));
        var events = AuditSchemaUnitTests.oneOfEach();
        var audit = audit(SyslogSettings.of(SyslogSettings.Transport.TCP, "127.0.0.1", rsyslog.tcpPort())
                .withFormat(SyslogSettings.Format.JSON));

        events.forEach(audit::emit);

        await().atMost(WAIT).until(() -> rsyslog.received().size() >= events.size());
        var received = rsyslog.received();
        assertThat(received).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            var message = received.get(i);
            assertThat(message.get("sd").asText()).isEqualTo("-");
            var msg = message.get("msg").asText();
            assertThat(msg).isEqualTo(JsonLinesAuditSink.toJson(events.get(i)));
            assertThat(AuditSchema.problems(msg)).isEmpty();
        }
    }

    @Test
    void tcpKeepsEventsWhileTheCollectorIsDownAndReconnectsWithBackoff() throws Exception {
        rsyslog = Rsyslog.notStarted(temp.resolve("rsyslog"));
        var audit = audit(SyslogSettings.of(SyslogSettings.Transport.TCP, "127.0.0.1", rsyslog.tcpPort())
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400)));

        for (int i = 1; i <= 3; i++) {
            audit.emit(terminated("before-" + i));
        }
        await().atMost(WAIT).until(() -> audit.written() == 3);
        rsyslog.startProcess();
        await().atMost(WAIT).until(() -> sessions().containsAll(List.of("before-1", "before-2", "before-3")));

        rsyslog.stopProcess();
        rsyslog.startProcess();
        audit.emit(terminated("after-restart"));
        await().atMost(WAIT).until(() -> sessions().contains("after-restart"));
        assertThat(sessions()).containsSubsequence("before-1", "before-2", "before-3", "after-restart");
    }

    private List<String> sessions() {
        return rsyslog.received().stream()
                .map(message -> sdParams(message.get("sd").asText()).getOrDefault("session_id", "-"))
                .toList();
    }

    private static AuditEvent terminated(String session) {
        return AuditEvent.sessionTerminated(Instant.now(), "gw-1", session, 3, "OPERATOR_TERMINATE", 10, 0, true);
    }

    static Map<String, String> sdParams(String sd) {
        var params = new LinkedHashMap<String, String>();
        var matcher = SD_PARAM.matcher(sd);
        while (matcher.find()) {
            params.put(matcher.group(1), matcher.group(2).replaceAll("\\\\(.)", "$1"));
        }
        return params;
    }

    /** The event's fields as the JSON line has them, as strings, absent ones left out. */
    private static Map<String, String> expectedParams(AuditEvent event) throws Exception {
        var expected = new LinkedHashMap<String, String>();
        JsonNode line = JSON.readTree(JsonLinesAuditSink.toJson(event));
        line.properties().forEach(field -> {
            if (!field.getValue().isNull()) {
                expected.put(field.getKey(), field.getValue().asText());
            }
        });
        return expected;
    }

    @Test
    void escapingSurvivesTheCollector() throws Exception {
        rsyslog = Rsyslog.start(temp.resolve("rsyslog"));
        var audit = audit(SyslogSettings.of(SyslogSettings.Transport.UDP, "127.0.0.1", rsyslog.udpPort()));
        var detail = "quote \" backslash \\ bracket ] end";
        audit.emit(AuditEvent.securityEvent(
                Instant.now(),
                "gw-1",
                Optional.empty(),
                OptionalLong.empty(),
                "PROTOCOL_VIOLATION",
                "FATAL_PROTOCOL_ERROR",
                "udp://127.0.0.1:9",
                detail));

        await().atMost(WAIT).until(() -> !rsyslog.received().isEmpty());
        assertThat(sdParams(rsyslog.received().getFirst().get("sd").asText())).containsEntry("detail", detail);
    }
}
