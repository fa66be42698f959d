package io.jumpingvpn.deploy.chaos;

import io.jumpingvpn.chaos.cluster.RedisMode;
import io.jumpingvpn.chaos.nemesis.NemesisKind;
import io.jumpingvpn.chaos.node.UnsafeMode;
import io.jumpingvpn.chaos.runner.ChaosRun;
import io.jumpingvpn.chaos.runner.RunOutcome;
import io.jumpingvpn.chaos.runner.RunSettings;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.logging.LogSetup;
import io.jumpingvpn.gateway.PartitionPolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn chaos run …}: a chaos run against a local cluster, then the checker's verdict on it. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Start real redis-server processes and N gateway node processes on loopback, drive agents and racing raw"
                    + " clients against them while nemeses inject faults from the seed, then check the history"
                    + " against the safety invariants (docs/chaos.md).",
            "Writes DIR/run.json, DIR/history.jsonl, DIR/nodes/, DIR/agents/, DIR/logs/, DIR/report.json and"
                    + " DIR/report.html. Exit code 0 when the run is valid, 1 when it is not, 2 when it could not run."
        })
public final class ChaosRunCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "Gateway node processes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--agents",
            defaultValue = "10",
            description = "Real agents in this process (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(
            names = "--racers",
            description = "Racer sessions: raw clients that reattach one session at several nodes at once and replay"
                    + " captured requests (default: one per five agents, at least two).")
    Integer racers;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description =
                    "How long the workload runs, quiet period included: 90s, 10m, ... (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--nemesis",
            defaultValue = "all",
            description = "Fault kinds, comma-separated, or all (default). Kinds: partition-redis, slow-redis,"
                    + " reset-redis, drop-redis-replies, iptables-redis, partition-agents, kill-node, pause-node,"
                    + " clock-skew, kill-redis, restart-redis-empty, failover-redis.")
    String nemesis;

    @Option(names = "--seed", description = "Seed of the fault schedule and the workload (default: random, printed).")
    Long seed;

    @Option(names = "--out", required = true, description = "The run directory; must be new or empty.")
    Path out;

    @Option(names = "--redis", defaultValue = "standalone", description = "standalone (default) or sentinel.")
    String redis;

    @Option(
            names = "--unsafe",
            description = "Test-only: point the nodes at an unsafe mode the checker must catch: lww (last-write-wins"
                    + " reattach commits) or no-lease-check (commit and forward without proving the node lease).")
    String unsafe;

    @Option(
            names = "--lease",
            defaultValue = "1500ms",
            converter = DurationConverter.class,
            description = "NODE_LEASE_MS of the nodes (default ${DEFAULT-VALUE}).")
    Duration lease;

    @Option(
            names = "--partition-policy",
            defaultValue = "deny",
            description = "What a node that cannot prove its lease does: deny (default) or terminate.")
    String partitionPolicy;

    @Override
    public Integer call() {
        RunSettings settings;
        try {
            settings = new RunSettings(
                    nodes,
                    agents,
                    racers != null ? racers : RunSettings.defaultRacers(agents),
                    duration,
                    NemesisKind.parseList(nemesis),
                    seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE,
                    out,
                    RedisMode.parse(redis),
                    Optional.ofNullable(unsafe).map(UnsafeMode::parse),
                    lease,
                    PartitionPolicy.parse(partitionPolicy));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        // The runner prints its own progress; the agents' INFO lines would only interleave with it.
        LogSetup.apply("text", "WARN");
        var outcome = ChaosRun.run(settings, System.out);
        return switch (outcome) {
            case RunOutcome.Completed completed -> {
                System.out.print(completed.summary());
                yield completed.valid() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
            case RunOutcome.NotRun notRun -> throw new UserError(notRun.reason());
        };
    }
}
