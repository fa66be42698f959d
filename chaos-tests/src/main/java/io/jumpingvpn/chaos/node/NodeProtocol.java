package io.jumpingvpn.chaos.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lines a {@link ChaosNode} and its runner exchange over the node's standard streams. Standard output: one
 * {@code READY} line once the node serves (or one {@code FAILED} line), then acknowledgements of commands. Standard
 * input: commands, one per line. The node ends when its standard input closes, so a runner that dies takes its nodes
 * with it.
 */
public final class NodeProtocol {

    /** The prefix of every line the node writes for the runner; other output is log. */
    public static final String PREFIX = "CHAOS-NODE ";

    /** Command: set the node's wall-clock offset in milliseconds (the clock-skew nemesis). */
    public static final String CLOCK_OFFSET = "clock-offset";

    private static final Pattern READY = Pattern.compile("CHAOS-NODE READY node=(\\S+) epoch=(\\d+) udp=(\\S+):(\\d+)");

    private NodeProtocol() {}

    /** What a node reports once it serves. */
    public record Ready(String node, long epoch, String host, int port) {
        public Ready {
            requireNonNull(node, "node");
            requireNonNull(host, "host");
        }

        public String line() {
            return PREFIX + "READY node=" + node + " epoch=" + epoch + " udp=" + host + ":" + port;
        }
    }

    public static Optional<Ready> ready(String line) {
        var m = READY.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Ready(m.group(1), Long.parseLong(m.group(2)), m.group(3), Integer.parseInt(m.group(4))));
    }

    public static String failed(String reason) {
        return PREFIX + "FAILED " + reason.replace('\n', ' ');
    }

    /** The reason of a {@code FAILED} line. */
    public static Optional<String> failure(String line) {
        var prefix = PREFIX + "FAILED ";
        return line.startsWith(prefix) ? Optional.of(line.substring(prefix.length())) : Optional.empty();
    }

    public static String clockOffsetCommand(long millis) {
        return CLOCK_OFFSET + " " + millis;
    }

    public static String clockOffsetAck(long millis) {
        return PREFIX + "CLOCK offset=" + millis;
    }
}
