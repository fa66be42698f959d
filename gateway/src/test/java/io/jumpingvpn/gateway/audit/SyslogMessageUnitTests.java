package io.jumpingvpn.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SyslogMessageUnitTests {

    private static final Instant TS = Instant.parse("2026-01-02T03:04:05.678901Z");
    private static final SyslogSettings SETTINGS = SyslogSettings.of(SyslogSettings.Transport.UDP, "127.0.0.1", 514)
            .withHostname("gw-host")
            .withAppName("jvpn");

    @Test
    void aStructuredMessageHasTheRfc5424HeaderAndEveryFieldAsAParameter() {
        var event = AuditEvent.reattachResult(
                TS, "gw-1", "s1", OptionalLong.of(4), Optional.of("STALE_VERSION"), 2, 7, "udp://10.0.0.1:4000", "r1");

        assertThat(SyslogMessage.format(event, SETTINGS, 42))
                .isEqualTo("<133>1 2026-01-02T03:04:05.678Z gw-host jvpn 42 REATTACH_RESULT [jvpn@32473"
                        + " ts=\"2026-01-02T03:04:05.678Z\" event_type=\"REATTACH_RESULT\" session_id=\"s1\""
                        + " node_id=\"gw-1\" state_version=\"4\" reason_code=\"STALE_VERSION\" result=\"REJECTED\""
                        + " expected_version=\"2\" nonce=\"7\" source=\"udp://10.0.0.1:4000\" request_id=\"r1\"]"
                        + " REATTACH_RESULT REJECTED STALE_VERSION session=s1 v4 node=gw-1");
    }

    @Test
    void aJsonMessageCarriesTheJsonLineAndNoStructuredData() {
        var event = AuditEvent.auditDropped(TS, "gw-1", 3, 3, 16);

        assertThat(SyslogMessage.format(
                        event, SETTINGS.withFormat(SyslogSettings.Format.JSON).withFacility("auth"), 1))
                .isEqualTo("<36>1 2026-01-02T03:04:05.678Z gw-host jvpn 1 AUDIT_DROPPED - "
                        + JsonLinesAuditSink.toJson(event));
    }

    @Test
    void parameterValuesAreEscapedAndKeptOnOneLine() {
        var event = AuditEvent.securityEvent(
                TS, "gw-1", Optional.empty(), OptionalLong.empty(), "ABUSE", "RATE_LIMITED", "-", "a\"b\\c]d\ne");

        assertThat(SyslogMessage.format(event, SETTINGS, 1)).contains(" detail=\"a\\\"b\\\\c\\]d e\"]");
    }

    @Test
    void octetCountingCountsBytesNotCharacters() {
        var frame = new String(SyslogMessage.octetCounted("é1"), StandardCharsets.UTF_8);

        assertThat(frame).isEqualTo("3 é1");
    }

    @Test
    void settingsAreCheckedWithOneLine() {
        assertThatThrownBy(() -> SETTINGS.withFacility("local9"))
                .hasMessageContaining("local9")
                .hasMessageContaining("local7");
        assertThatThrownBy(() -> SETTINGS.withAppName("has space")).hasMessageContaining("app name");
        assertThatThrownBy(() -> SyslogSettings.of(SyslogSettings.Transport.TCP, "h", 0))
                .hasMessageContaining("1..65535");
    }
}
