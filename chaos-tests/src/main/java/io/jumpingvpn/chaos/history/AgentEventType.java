package io.jumpingvpn.chaos.history;

import java.util.Optional;

/** The {@code event} of a line in {@code agents/<agent-process>.jsonl}. */
public enum AgentEventType {
    /** The agent got an acknowledgement and is ATTACHED at {@code version} via {@code node}. */
    ATTACHED("attached"),
    /** The agent accepted a data frame from {@code node} at binding {@code version}. */
    ACCEPT("accept"),
    /** The agent refused a data frame (older binding, failed authentication, replay). */
    REJECT_FRAME("reject_frame"),
    /** The session's local state changed to {@code state}. */
    STATE("state"),
    /** The session ended with termination {@code code}. */
    TERMINATED("terminated");

    private final String json;

    AgentEventType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<AgentEventType> fromJson(String value) {
        for (var type : values()) {
            if (type.json.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
