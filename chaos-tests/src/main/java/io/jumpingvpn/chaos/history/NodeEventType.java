package io.jumpingvpn.chaos.history;

import java.util.Optional;

/** The {@code event} of a line in {@code nodes/<node>.jsonl}. */
public enum NodeEventType {
    /** The node starts forwarding for the session at {@code version}. */
    BIND("bind"),
    /** The node stops forwarding for the session ({@code reason}: moved, terminated, lease-lost, drained, ...). */
    UNBIND("unbind"),
    /** A sampled proof that the node forwarded a frame for the session at {@code version}. */
    FORWARD("forward"),
    /** A lease renewal succeeded: the node may forward until {@code valid_until_mono_ns} without another one. */
    LEASE("lease"),
    /** The node observed or committed {@code version} for the session. */
    VERSION("version");

    private final String json;

    NodeEventType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<NodeEventType> fromJson(String value) {
        for (var type : values()) {
            if (type.json.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
