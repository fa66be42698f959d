package io.jumpingvpn.agent.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.net.InetSocketAddress;

/**
 * {@code host:port} endpoints ({@code [v6]:port} for IPv6 literals) and the candidates this agent can dial. Errors are
 * {@link IllegalArgumentException}s with a one-line message quoting the text.
 */
public final class Endpoints {

    private Endpoints() {}

    /** {@code host:port} as an unresolved address (resolved when a transport dials it). */
    public static InetSocketAddress parse(String text) {
        requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' must look like host:port");
        }
        var host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:4500");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("'" + text + "': port must be 1..65535, got " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** Whether this agent can dial {@code candidate}: udp or tcp, with a {@code host:port} endpoint. */
    public static Candidate checkDialable(Candidate candidate) {
        requireNonNull(candidate, "candidate");
        if (candidate.kind() == TransportKind.QUIC) {
            throw new IllegalArgumentException(
                    "'" + candidate + "': this agent speaks udp and tcp; quic is not supported yet");
        }
        parse(candidate.endpoint());
        return candidate;
    }

    /**
     * The candidate as a history {@code node} token ({@code [A-Za-z0-9._-]}): the endpoint with every other character
     * replaced by {@code _}, e.g. {@code 127.0.0.1_4500}. The agent knows gateway nodes only by the endpoints it dials.
     */
    public static String nodeToken(Candidate candidate) {
        var endpoint = candidate.endpoint();
        var out = new StringBuilder(endpoint.length());
        for (int i = 0; i < endpoint.length(); i++) {
            char c = endpoint.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_';
            out.append(allowed ? c : '_');
        }
        if (out.charAt(0) == '.') {
            out.setCharAt(0, '_');
        }
        return out.length() > 128 ? out.substring(0, 128) : out.toString();
    }
}
