package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.deploy.bench.cluster.ClusterRig;
import io.jumpingvpn.deploy.bench.cluster.idle.IdleLoadBench;
import io.jumpingvpn.deploy.bench.cluster.idle.IdleLoadSettings;
import io.jumpingvpn.deploy.bench.rig.BenchOutput;
import io.jumpingvpn.deploy.bench.rig.QuietLogs;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench idle-load}: what idle sessions on three nodes cost Redis, per node and second. */
@Command(
        name = "idle-load",
        mixinStandardHelpOptions = true,
        description = {
            "Store load of idle sessions, per node and second, next to what the node leases alone cost.",
            "Three gateway nodes in this process on one standalone Redis, --sessions sessions born by raw",
            "handshakes and kept alive by a raw heartbeat client (nothing else), then Redis's INFO commandstats",
            "over --window.",
            "Exit code 1 when a session was lost (no heartbeat answer, terminated, or not forwarding at the end)."
        })
public final class IdleLoadBenchCommand implements Callable<Integer> {

    @Option(
            names = "--redis",
            required = true,
            paramLabel = "URI",
            description = "A standalone Redis, redis://host:port (its INFO commandstats are read).")
    String target;

    @Option(names = "--sessions", defaultValue = "10000", description = "Idle sessions (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--node-lease",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "NODE_LEASE_MS of the nodes (default ${DEFAULT-VALUE}).")
    Duration nodeLease;

    @Option(
            names = "--heartbeat",
            defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "HEARTBEAT_INTERVAL_MS of the sessions (default ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(
            names = "--dead",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "HEARTBEAT_VOLATILE_MS: silence after which a node declares a transport dead (default"
                    + " ${DEFAULT-VALUE}).")
    Duration dead;

    @Option(
            names = "--settle",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Wait after the last birth before the window (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--window",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long Redis is watched (default ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        var settings = new IdleLoadSettings(sessions, nodeLease, heartbeat, dead, settle, window);
        var report = new IdleLoadBench(settings, ClusterRig.redisFlag(target), System.err).run();
        BenchOutput.emit(report, json, System.out);
        if (!report.allSessionsKept()) {
            System.err.println("idle load bench: not every session stayed attached (stale " + report.staleSessions()
                    + ", terminated " + report.terminatedSessions() + ")");
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }
}
