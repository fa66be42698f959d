package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where and how {@link SyslogAuditSink} sends: a collector at {@code host:port} over UDP (RFC 5426, one message per
 * datagram) or TCP (RFC 6587 octet counting), the message {@link Format}, the facility, and the RFC 5424 header fields.
 * Validated when built; each problem is one line naming the setting.
 *
 * @param maxBufferedBytes TCP only: messages kept while the collector is unreachable or slow; beyond it new messages are
 *     dropped (and counted as failures of the sink)
 * @param reconnectMin TCP only: the first delay before reconnecting after a failure; doubled per failure
 * @param reconnectMax TCP only: the longest delay between reconnection attempts
 */
public record SyslogSettings(
        Transport transport,
        String host,
        int port,
        Format format,
        int facility,
        String appName,
        String hostname,
        int maxBufferedBytes,
        Duration reconnectMin,
        Duration reconnectMax) {

    /** How messages travel. */
    public enum Transport {
        UDP,
        TCP
    }

    /**
     * What a message carries: {@code STRUCTURED} puts every event field into one RFC 5424 SD-ELEMENT
     * ({@code [jvpn@32473 ...]}) and a one-line summary into MSG; {@code JSON} sends no structured data and the event's
     * JSON line (the JSON-lines sink's exact text) as MSG.
     */
    public enum Format {
        STRUCTURED,
        JSON
    }

    /** Facility names of RFC 5424 section 6.2.1, by their codes. */
    public static final List<String> FACILITIES = List.of(
            "kern",
            "user",
            "mail",
            "daemon",
            "auth",
            "syslog",
            "lpr",
            "news",
            "uucp",
            "cron",
            "authpriv",
            "ftp",
            "ntp",
            "audit",
            "alert",
            "clock",
            "local0",
            "local1",
            "local2",
            "local3",
            "local4",
            "local5",
            "local6",
            "local7");

    public SyslogSettings {
        requireNonNull(transport, "transport");
        requireNonNull(format, "format");
        requireNonNull(host, "host");
        requireNonNull(appName, "appName");
        requireNonNull(hostname, "hostname");
        requireNonNull(reconnectMin, "reconnectMin");
        requireNonNull(reconnectMax, "reconnectMax");
        if (host.isBlank()) {
            throw new IllegalArgumentException("syslog host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("syslog port " + port + " is outside 1..65535");
        }
        if (facility < 0 || facility >= FACILITIES.size()) {
            throw new IllegalArgumentException("syslog facility " + facility + " is outside 0..23");
        }
        requireToken("app name", appName, 48);
        requireToken("hostname", hostname, 255);
        if (maxBufferedBytes < 1024 || maxBufferedBytes > 256 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "syslog buffer of " + maxBufferedBytes + " bytes is outside 1024..268435456");
        }
        if (reconnectMin.toMillis() < 10
                || reconnectMax.compareTo(reconnectMin) < 0
                || reconnectMax.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "syslog reconnect delays must satisfy 10 ms <= min <= max <= 10 min, got " + reconnectMin.toMillis()
                            + " ms and " + reconnectMax.toMillis() + " ms");
        }
    }

    /** UDP or TCP to {@code host:port}, structured format, facility local0, app {@code jvpn}, this machine's name. */
    public static SyslogSettings of(Transport transport, String host, int port) {
        return new SyslogSettings(
                transport,
                host,
                port,
                Format.STRUCTURED,
                16,
                "jvpn",
                SyslogMessage.localHostname(),
                4 * 1024 * 1024,
                Duration.ofMillis(200),
                Duration.ofSeconds(30));
    }

    public SyslogSettings withFormat(Format value) {
        return new SyslogSettings(
                transport,
                host,
                port,
                value,
                facility,
                appName,
                hostname,
                maxBufferedBytes,
                reconnectMin,
                reconnectMax);
    }

    public SyslogSettings withFacility(String name) {
        int code = FACILITIES.indexOf(requireNonNull(name, "name").toLowerCase(Locale.ROOT));
        if (code < 0) {
            throw new IllegalArgumentException(
                    "syslog facility '" + name + "' is not one of " + String.join(", ", FACILITIES));
        }
        return new SyslogSettings(
                transport, host, port, format, code, appName, hostname, maxBufferedBytes, reconnectMin, reconnectMax);
    }

    public SyslogSettings withAppName(String value) {
        return new SyslogSettings(
                transport, host, port, format, facility, value, hostname, maxBufferedBytes, reconnectMin, reconnectMax);
    }

    public SyslogSettings withHostname(String value) {
        return new SyslogSettings(
                transport, host, port, format, facility, appName, value, maxBufferedBytes, reconnectMin, reconnectMax);
    }

    public SyslogSettings withReconnect(Duration min, Duration max) {
        return new SyslogSettings(
                transport, host, port, format, facility, appName, hostname, maxBufferedBytes, min, max);
    }

    public SyslogSettings withMaxBufferedBytes(int bytes) {
        return new SyslogSettings(
                transport, host, port, format, facility, appName, hostname, bytes, reconnectMin, reconnectMax);
    }

    /** {@code udp://host:port} or {@code tcp://host:port}. */
    public String target() {
        return transport.name().toLowerCase(Locale.ROOT) + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + port;
    }

    private static void requireToken(String what, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException("syslog " + what + " must be 1 to " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException(
                        "syslog " + what + " '" + value + "' must be printable US-ASCII without spaces");
            }
        }
    }
}
