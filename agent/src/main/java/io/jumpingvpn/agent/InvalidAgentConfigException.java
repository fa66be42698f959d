package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

/**
 * An agent setting was refused. The message is one line naming the setting, the value and what is allowed, meant to be
 * shown as it is when start-up stops.
 */
public final class InvalidAgentConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    InvalidAgentConfigException(String setting, String message) {
        super("agent setting '" + setting + "': " + message);
        this.setting = requireNonNull(setting, "setting");
    }

    /** The setting at fault, as {@link AgentConfig.Builder} names it ({@code gateway}, {@code forward}, ...). */
    public String setting() {
        return setting;
    }
}
