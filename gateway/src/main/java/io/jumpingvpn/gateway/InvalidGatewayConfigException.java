package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

/**
 * A gateway setting has a value the gateway cannot run with. The message is one line naming the setting, the value and
 * what is allowed, e.g. {@code gateway setting 'listen': 'udp://host' has no port; expected udp://HOST:PORT}.
 */
public final class InvalidGatewayConfigException extends IllegalArgumentException {

    private final String setting;

    public InvalidGatewayConfigException(String setting, String problem) {
        super("gateway setting '" + requireNonNull(setting, "setting") + "': " + requireNonNull(problem, "problem"));
        this.setting = setting;
    }

    /** The name of the offending setting. */
    public String setting() {
        return setting;
    }
}
