package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The runner killed a process (a killed node cannot log its own unbinds). A gateway node's process is named
 * {@code node-<node id>}.
 */
public record ProcessExit(long monoNs, String process, Optional<String> signal) implements HistoryEvent {

    /** The process name prefix of gateway nodes. */
    public static final String NODE_PROCESS_PREFIX = "node-";

    public ProcessExit {
        Text.nonNegative(monoNs, "mono_ns");
        Text.token(process, "process");
        requireNonNull(signal, "signal").ifPresent(value -> Text.token(value, "signal"));
    }

    public static ProcessExit ofNode(long monoNs, String node, String signal) {
        return new ProcessExit(monoNs, NODE_PROCESS_PREFIX + node, Optional.of(signal));
    }

    /** The node id when this is a gateway node's process. */
    public Optional<String> node() {
        return process.startsWith(NODE_PROCESS_PREFIX) && process.length() > NODE_PROCESS_PREFIX.length()
                ? Optional.of(process.substring(NODE_PROCESS_PREFIX.length()))
                : Optional.empty();
    }
}
