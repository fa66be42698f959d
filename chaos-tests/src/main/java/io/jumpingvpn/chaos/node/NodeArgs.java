package io.jumpingvpn.chaos.node;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.PartitionPolicy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link ChaosNode}, which only the chaos runner writes. Every problem is one line naming the flag.
 *
 * @param dir the run directory; the node writes {@code nodes/<node>.jsonl} there
 * @param listen the UDP endpoint to serve
 * @param members the cluster membership list ({@code ID=udp://HOST:PORT,...}) as agents reach the nodes; may be empty
 */
public record NodeArgs(
        String nodeId,
        Path dir,
        InetSocketAddress listen,
        String store,
        String keyPrefix,
        Path keys,
        Duration lease,
        String members,
        PartitionPolicy partitionPolicy,
        Optional<UnsafeMode> unsafe,
        long clockOffsetMillis) {

    private static final Set<String> FLAGS = Set.of(
            "--node-id",
            "--dir",
            "--listen",
            "--store",
            "--key-prefix",
            "--keys",
            "--lease-ms",
            "--members",
            "--partition-policy",
            "--unsafe",
            "--clock-offset-ms");

    public NodeArgs {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(dir, "dir");
        requireNonNull(listen, "listen");
        requireNonNull(store, "store");
        requireNonNull(keyPrefix, "keyPrefix");
        requireNonNull(keys, "keys");
        requireNonNull(lease, "lease");
        requireNonNull(members, "members");
        requireNonNull(partitionPolicy, "partitionPolicy");
        requireNonNull(unsafe, "unsafe");
    }

    /** The arguments that give these settings back through {@link #parse}. */
    public List<String> toArgs() {
        var args = new ArrayList<>(List.of(
                "--node-id",
                nodeId,
                "--dir",
                dir.toString(),
                "--listen",
                listen.getHostString() + ":" + listen.getPort(),
                "--store",
                store,
                "--key-prefix",
                keyPrefix,
                "--keys",
                keys.toString(),
                "--lease-ms",
                Long.toString(lease.toMillis()),
                "--partition-policy",
                partitionPolicy.name().toLowerCase(java.util.Locale.ROOT),
                "--clock-offset-ms",
                Long.toString(clockOffsetMillis)));
        if (!members.isEmpty()) {
            args.add("--members");
            args.add(members);
        }
        unsafe.ifPresent(mode -> {
            args.add("--unsafe");
            args.add(mode.id());
        });
        return args;
    }

    /** Reads {@code --flag value} pairs; throws {@link IllegalArgumentException} with one line naming the flag. */
    public static NodeArgs parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            var flag = args[i];
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown flag '" + flag + "'; known: " + FLAGS);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            if (values.put(flag, args[i + 1]) != null) {
                throw new IllegalArgumentException("flag " + flag + " is given twice");
            }
        }
        return new NodeArgs(
                required(values, "--node-id"),
                Path.of(required(values, "--dir")),
                hostPort(required(values, "--listen")),
                required(values, "--store"),
                required(values, "--key-prefix"),
                Path.of(required(values, "--keys")),
                Duration.ofMillis(number(values, "--lease-ms", required(values, "--lease-ms"))),
                values.getOrDefault("--members", ""),
                partitionPolicy(values.getOrDefault("--partition-policy", "deny")),
                Optional.ofNullable(values.get("--unsafe")).map(UnsafeMode::parse),
                number(values, "--clock-offset-ms", values.getOrDefault("--clock-offset-ms", "0")));
    }

    private static String required(Map<String, String> values, String flag) {
        var value = values.get(flag);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("flag " + flag + " is required");
        }
        return value;
    }

    private static long number(Map<String, String> values, String flag, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag " + flag + ": '" + text + "' is not a whole number");
        }
    }

    private static PartitionPolicy partitionPolicy(String text) {
        try {
            return PartitionPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flag --partition-policy: " + e.getMessage());
        }
    }

    private static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("flag --listen: '" + text + "' must be HOST:PORT");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("flag --listen: '" + text + "' has no valid port");
        }
    }
}
