package io.jumpingvpn.gateway;

/** {@code scheme://host:port} parsing shared by the endpoint settings; errors name the setting. */
record HostPort(String scheme, String host, int port) {

    static HostPort parse(String setting, String text) {
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw new InvalidGatewayConfigException(setting, "'" + text + "' must look like SCHEME://HOST:PORT");
        }
        var scheme = text.substring(0, separator);
        var rest = text.substring(separator + 3);
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new InvalidGatewayConfigException(
                        setting, "'" + text + "' must look like " + scheme + "://[IPV6]:PORT");
            }
            host = rest.substring(1, close);
            portText = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidGatewayConfigException(
                        setting, "'" + text + "' has no port; expected " + scheme + "://HOST:PORT");
            }
            host = rest.substring(0, colon);
            portText = rest.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new InvalidGatewayConfigException(setting, "'" + text + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new InvalidGatewayConfigException(
                    setting, "'" + text + "' has port '" + portText + "', which is not a number in 0..65535");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidGatewayConfigException(setting, "'" + text + "' has port " + port + ", outside 0..65535");
        }
        return new HostPort(scheme, host, port);
    }
}
