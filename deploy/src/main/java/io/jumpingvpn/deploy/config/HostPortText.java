package io.jumpingvpn.deploy.config;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} (IPv6 in brackets) as the ops address and syslog targets are written. */
final class HostPortText {

    private HostPortText() {}

    static boolean isHostPort(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The unresolved address of {@code HOST:PORT}; port 0..65535. */
    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        var host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        if (port < 0 || port > 65_535 || host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT with a port in 0..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
