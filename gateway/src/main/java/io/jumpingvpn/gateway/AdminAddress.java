package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Where a member's admin API listens, as the membership list names it: {@code admin://HOST:PORT} (plain HTTP, docs/admin.md).
 * Sticky routing hands sessions to a member through it; IPv6 hosts in brackets.
 */
public record AdminAddress(String host, int port) {

    public AdminAddress {
        requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new InvalidGatewayConfigException("members", "an admin:// address has an empty host");
        }
        if (port < 1 || port > 65_535) {
            throw new InvalidGatewayConfigException(
                    "members", "admin://" + host + ":" + port + " needs a port in 1..65535");
        }
    }

    /** Parses {@code admin://HOST:PORT}; errors name the setting {@code members}. */
    public static AdminAddress parse(String text) {
        requireNonNull(text, "text");
        var parsed = HostPort.parse("members", text);
        if (!parsed.scheme().equals("admin")) {
            throw new InvalidGatewayConfigException("members", "'" + text + "' must start with admin://");
        }
        return new AdminAddress(parsed.host(), parsed.port());
    }

    /** The HTTP URI of {@code path} ({@code /v1/...}) on this admin API. */
    public URI uri(String path) {
        requireNonNull(path, "path");
        return URI.create("http://" + shownHost() + ":" + port + path);
    }

    private String shownHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "admin://" + shownHost() + ":" + port;
    }
}
