package io.jumpingvpn.deploy.bench.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.store.redis.internal.RedisTarget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis's own count of the commands it ran, from {@code INFO commandstats} on one standalone server (what the server
 * executed, whoever sent it), and the CPU time it used ({@code INFO cpu}). A benchmark takes a {@link Snapshot} before
 * and after a window and reads the difference. The reads are the benchmark's own {@code INFO} calls (two per
 * snapshot), which the snapshots count too.
 */
public final class RedisCommandStats implements AutoCloseable {

    /** Calls and microseconds of one command, as Redis counts them since its last {@code CONFIG RESETSTAT}. */
    public record Count(long calls, long usec) {
        public Count {
            if (calls < 0 || usec < 0) {
                throw new IllegalArgumentException("counts must be >= 0, got " + calls + " calls, " + usec + " usec");
            }
        }
    }

    /**
     * Every command's count at one instant (lower-case command names, e.g. {@code evalsha}), and the server's CPU
     * seconds (user + system) so far.
     */
    public record Snapshot(Map<String, Count> commands, double cpuSeconds, long atNanos) {
        public Snapshot {
            commands = Collections.unmodifiableMap(new TreeMap<>(commands));
        }

        /** Cores the server kept busy on average since {@code earlier}, two decimals. */
        public double cpuCoresSince(Snapshot earlier) {
            long nanos = atNanos - earlier.atNanos();
            if (nanos <= 0) {
                return 0;
            }
            return Math.round((cpuSeconds - earlier.cpuSeconds()) * 1e9 / nanos * 100) / 100.0;
        }

        /**
         * What ran between {@code earlier} and this snapshot: per command, the calls and microseconds added (commands
         * that did not run are left out). Fails if a counter went back (the server was restarted or reset meanwhile).
         */
        public Map<String, Count> since(Snapshot earlier) {
            requireNonNull(earlier, "earlier");
            var delta = new TreeMap<String, Count>();
            commands.forEach((name, now) -> {
                var before = earlier.commands().getOrDefault(name, new Count(0, 0));
                if (now.calls() < before.calls() || now.usec() < before.usec()) {
                    throw new UserError("Redis's command counters went back for '" + name
                            + "' during the window (restarted or CONFIG RESETSTAT?)");
                }
                if (now.calls() > before.calls()) {
                    delta.put(name, new Count(now.calls() - before.calls(), now.usec() - before.usec()));
                }
            });
            return delta;
        }
    }

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisCommandStats(RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Connects to the standalone server of {@code store}; other modes are refused (their load is spread). */
    public static RedisCommandStats connect(StoreSpec.Redis store) {
        requireNonNull(store, "store");
        if (!(store.options().target() instanceof RedisTarget.Standalone standalone)) {
            throw new UserError("--redis must be a standalone redis:// URI for this benchmark (it reads INFO"
                    + " commandstats from that one server), got " + store.redacted());
        }
        var uri = RedisURI.builder(standalone.uri())
                .withTimeout(Duration.ofSeconds(5))
                .build();
        var client = RedisClient.create(uri);
        try {
            return new RedisCommandStats(client, client.connect());
        } catch (RedisException e) {
            client.shutdown();
            throw new UserError("cannot reach Redis at " + store.redacted() + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code INFO commandstats} now. */
    public Snapshot snapshot() {
        String commands;
        String cpu;
        try {
            commands = connection.sync().info("commandstats");
            cpu = connection.sync().info("cpu");
        } catch (RedisException e) {
            throw new UserError("INFO failed: " + e.getMessage(), e);
        }
        return new Snapshot(parse(commands), cpuSeconds(cpu), System.nanoTime());
    }

    /** {@code used_cpu_user + used_cpu_sys} of an {@code INFO cpu} reply. */
    static double cpuSeconds(String info) {
        requireNonNull(info, "info");
        double total = 0;
        for (var line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                total +=
                        Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return total;
    }

    /**
     * Parses the lines {@code cmdstat_<name>:calls=N,usec=N,...} of an {@code INFO commandstats} reply; other lines are
     * skipped. Subcommands ({@code cmdstat_client|setinfo}) keep their full name.
     */
    static Map<String, Count> parse(String info) {
        requireNonNull(info, "info");
        var commands = new TreeMap<String, Count>();
        for (var line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            long calls = -1;
            long usec = -1;
            for (var field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls = Long.parseLong(field.substring("calls=".length()).strip());
                } else if (field.startsWith("usec=")) {
                    usec = Long.parseLong(field.substring("usec=".length()).strip());
                }
            }
            if (calls >= 0 && usec >= 0) {
                commands.put(line.substring("cmdstat_".length(), colon), new Count(calls, usec));
            }
        }
        return commands;
    }

    @Override
    public void close() {
        // Shutting the client down closes its connection.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
