package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.TransportKind;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * An address the gateway listens on: {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}. Port 0 asks for an ephemeral
 * port; {@link Gateway#endpoints()} reports the port actually bound. IPv6 hosts are written in brackets:
 * {@code udp://[::1]:7000}.
 */
public record ListenEndpoint(TransportKind kind, String host, int port) {

    public ListenEndpoint {
        requireNonNull(kind, "kind");
        requireNonNull(host, "host");
        if (kind == TransportKind.QUIC) {
            throw new InvalidGatewayConfigException("listen", "quic is not served by this gateway; use udp or tcp");
        }
        if (host.isBlank()) {
            throw new InvalidGatewayConfigException("listen", "the host is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidGatewayConfigException("listen", "port " + port + " is outside 0..65535");
        }
    }

    /** Parses {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}. */
    public static ListenEndpoint parse(String text) {
        requireNonNull(text, "text");
        var parsed = HostPort.parse("listen", text);
        var kind =
                switch (parsed.scheme()) {
                    case "udp" -> TransportKind.UDP;
                    case "tcp" -> TransportKind.TCP;
                    default ->
                        throw new InvalidGatewayConfigException(
                                "listen", "'" + text + "' must start with udp:// or tcp://");
                };
        return new ListenEndpoint(kind, parsed.host(), parsed.port());
    }

    public static ListenEndpoint udp(String host, int port) {
        return new ListenEndpoint(TransportKind.UDP, host, port);
    }

    public static ListenEndpoint tcp(String host, int port) {
        return new ListenEndpoint(TransportKind.TCP, host, port);
    }

    /** The socket address to bind (resolved now). */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        var shown = host.contains(":") ? "[" + host + "]" : host;
        return kind.name().toLowerCase(Locale.ROOT) + "://" + shown + ":" + port;
    }
}
