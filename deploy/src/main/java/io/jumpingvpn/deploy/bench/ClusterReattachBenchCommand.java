package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.deploy.bench.cluster.ClusterRig;
import io.jumpingvpn.deploy.bench.cluster.reattach.ClusterReattachBench;
import io.jumpingvpn.deploy.bench.cluster.reattach.ClusterReattachSettings;
import io.jumpingvpn.deploy.bench.rig.BenchOutput;
import io.jumpingvpn.deploy.bench.rig.QuietLogs;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench cluster-reattach}: reattaches through three nodes on one Redis, next to the store alone. */
@Command(
        name = "cluster-reattach",
        mixinStandardHelpOptions = true,
        description = {
            "Reattach throughput and latency through three gateway nodes on one Redis, next to the store alone.",
            "Three nodes in this process and jvpn bench store on the same Redis in the same run. Raw protocol",
            "clients, closed loop, --concurrency requests in flight, each over a new UDP socket: at the session's",
            "owner, at the next node (the session moves each time), and raced at --contenders nodes (one must win).",
            "Exit code 1 when a race did not end with exactly one winner."
        })
public final class ClusterReattachBenchCommand implements Callable<Integer> {

    @Option(
            names = "--redis",
            required = true,
            paramLabel = "URI",
            description = "A standalone Redis, redis://host:port (its INFO commandstats are read).")
    String target;

    @Option(
            names = "--sessions",
            defaultValue = "2000",
            description = "Sessions to establish through the nodes, and for the store-only runs (default"
                    + " ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "Requests in flight, as in jvpn bench store (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--contenders",
            defaultValue = "3",
            description = "Nodes racing for a session in the race phase, 2 or 3 (default ${DEFAULT-VALUE}).")
    int contenders;

    @Option(
            names = "--client-threads",
            defaultValue = "1",
            description = "Threads of the raw clients (default ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured time of each phase (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Unmeasured time before each phase (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        var settings = new ClusterReattachSettings(sessions, concurrency, contenders, warmup, duration, clientThreads);
        var report = new ClusterReattachBench(settings, ClusterRig.redisFlag(target), System.err).run();
        BenchOutput.emit(report, json, System.out);
        if (!report.oneWinnerPerRound()) {
            System.err.println(
                    "cluster reattach bench: " + report.badRounds() + " race(s) did not end with exactly one winner");
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }
}
