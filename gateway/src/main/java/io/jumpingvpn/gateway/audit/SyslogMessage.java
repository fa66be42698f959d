package io.jumpingvpn.gateway.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * An audit event as an RFC 5424 syslog message:
 *
 * <pre>{@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG}</pre>
 *
 * PRI is the facility times 8 plus the event's severity; TIMESTAMP the event's {@code ts}; MSGID its
 * {@code event_type}. In the structured format every field of the event (common ones first, absent ones left out) is a
 * parameter of one SD-ELEMENT whose id, {@code jvpn@32473}, uses the private enterprise number reserved for
 * documentation (RFC 5612), and MSG is a one-line summary; in the JSON format STRUCTURED-DATA is {@code -} and MSG the
 * event's JSON line. No BOM is written.
 */
final class SyslogMessage {

    static final String SD_ID = "jvpn@32473";
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;

    private SyslogMessage() {}

    /**
     * RFC 5424 severity: warning for security events and drop reports, notice for refusals, ends, ownership changes
     * and operator actions, else info.
     */
    static int severity(AuditEvent event) {
        return switch (event.eventType()) {
            case SECURITY_EVENT, AUDIT_DROPPED -> 4;
            case SESSION_TERMINATED, OWNERSHIP_CHANGE, ADMIN_ACTION -> 5;
            case REATTACH_RESULT, HANDSHAKE_RESULT -> event.reasonCode().isPresent() ? 5 : 6;
            case STATE_CHANGE, TRANSPORT_SWITCH -> 6;
        };
    }

    static String format(AuditEvent event, SyslogSettings settings, long pid) {
        var out = new StringBuilder(512);
        out.append('<')
                .append(settings.facility() * 8 + severity(event))
                .append(">1 ")
                .append(TS.format(event.ts().truncatedTo(ChronoUnit.MILLIS)))
                .append(' ')
                .append(settings.hostname())
                .append(' ')
                .append(settings.appName())
                .append(' ')
                .append(pid)
                .append(' ')
                .append(event.eventType().name())
                .append(' ');
        if (settings.format() == SyslogSettings.Format.JSON) {
            out.append("- ").append(JsonLinesAuditSink.toJson(event));
            return out.toString();
        }
        out.append('[').append(SD_ID);
        param(out, "ts", TS.format(event.ts().truncatedTo(ChronoUnit.MILLIS)));
        param(out, "event_type", event.eventType().name());
        event.sessionId().ifPresent(session -> param(out, "session_id", session));
        param(out, "node_id", event.nodeId());
        event.stateVersion().ifPresent(version -> param(out, "state_version", Long.toString(version)));
        event.reasonCode().ifPresent(code -> param(out, "reason_code", code));
        event.fields().forEach((name, value) -> param(out, name, String.valueOf(value)));
        out.append("] ").append(summary(event));
        return out.toString();
    }

    /** One line for people reading the collector's log: type, session, version, reason. */
    static String summary(AuditEvent event) {
        var line = new StringBuilder(event.eventType().name());
        event.fields().entrySet().stream()
                .filter(field ->
                        field.getKey().equals("result") || field.getKey().equals("kind"))
                .forEach(field -> line.append(' ').append(field.getValue()));
        event.reasonCode().ifPresent(code -> line.append(' ').append(code));
        event.sessionId().ifPresent(session -> line.append(" session=").append(session));
        event.stateVersion().ifPresent(version -> line.append(" v").append(version));
        line.append(" node=").append(event.nodeId());
        return line.toString();
    }

    /** RFC 5424 section 6.3.3: inside PARAM-VALUE, '"', '\' and ']' are escaped with a backslash. */
    private static void param(StringBuilder out, String name, String value) {
        out.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        out.append('"');
    }

    /** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
    static byte[] octetCounted(String message) {
        var body = message.getBytes(StandardCharsets.UTF_8);
        var prefix = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
        var frame = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(body, 0, frame, prefix.length, body.length);
        return frame;
    }

    /** This machine's name as RFC 5424 wants it (printable, no spaces), or {@code -} when it has none. */
    static String localHostname() {
        try {
            var name = InetAddress.getLocalHost().getHostName();
            var clean = new StringBuilder();
            for (int i = 0; i < name.length() && clean.length() < 255; i++) {
                char c = name.charAt(i);
                if (c > 32 && c < 127) {
                    clean.append(c);
                }
            }
            return clean.isEmpty() ? "-" : clean.toString();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
