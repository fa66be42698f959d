package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * Where the payloads an agent tunnels go. {@link Echo} reflects each payload back through the tunnel; {@link UdpForward}
 * sends it from a UDP socket of its own per session, connected to {@code host:port}, and tunnels the replies back.
 */
public sealed interface EgressTarget {

    /** Reflect every payload back to its agent. */
    record Echo() implements EgressTarget {
        @Override
        public String toString() {
            return "echo";
        }
    }

    /** Forward every payload to a UDP target; replies come back through the tunnel. */
    record UdpForward(String host, int port) implements EgressTarget {
        public UdpForward {
            requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new InvalidGatewayConfigException("egress", "the udp target host is empty");
            }
            if (port < 1 || port > 65_535) {
                throw new InvalidGatewayConfigException("egress", "udp target port " + port + " is outside 1..65535");
            }
        }

        public InetSocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "udp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    static EgressTarget echo() {
        return new Echo();
    }

    /** Parses {@code echo} or {@code udp://HOST:PORT}. */
    static EgressTarget parse(String text) {
        requireNonNull(text, "text");
        if (text.equals("echo")) {
            return new Echo();
        }
        var parsed = HostPort.parse("egress", text);
        if (!parsed.scheme().equals("udp")) {
            throw new InvalidGatewayConfigException("egress", "'" + text + "' must be echo or udp://HOST:PORT");
        }
        return new UdpForward(parsed.host(), parsed.port());
    }
}
