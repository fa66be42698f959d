package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.deploy.bench.cluster.ClusterRig;
import io.jumpingvpn.deploy.bench.cluster.failure.Fault;
import io.jumpingvpn.deploy.bench.cluster.failure.NodeFailureBench;
import io.jumpingvpn.deploy.bench.cluster.failure.NodeFailureSettings;
import io.jumpingvpn.deploy.bench.rig.BenchOutput;
import io.jumpingvpn.deploy.bench.rig.QuietLogs;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench node-failure}: how long a failed node's sessions take to be attached elsewhere. */
@Command(
        name = "node-failure",
        mixinStandardHelpOptions = true,
        description = {
            "Node-failure recovery: how long a failed node's sessions take to be attached elsewhere.",
            "Three jvpn gateway processes on one Redis, --sessions real agents in this process",
            "(a shared runtime; each knows all three nodes and is born at the first), then the first node is killed",
            "(--fault kill: SIGKILL) or silenced (--fault silence: SIGSTOP, killed at the end). Reports when the",
            "agents noticed, were attached at another node, and had traffic flowing again (the new owner holds a",
            "session until the failed node's lease is over). Exit code 1 when an agent did not recover in --timeout."
        })
public final class NodeFailureBenchCommand implements Callable<Integer> {

    @Option(
            names = "--redis",
            required = true,
            paramLabel = "URI",
            description = "The Redis the nodes share (redis://, redis-sentinel:// or redis-cluster://).")
    String target;

    @Option(names = "--sessions", defaultValue = "1000", description = "Agents (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--fault",
            defaultValue = "kill",
            paramLabel = "kill|silence",
            description = "How the node fails (default ${DEFAULT-VALUE}).")
    String fault;

    @Option(
            names = "--node-lease",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "NODE_LEASE_MS (default ${DEFAULT-VALUE}).")
    Duration nodeLease;

    @Option(
            names = "--heartbeat",
            defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "HEARTBEAT_INTERVAL_MS (default ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(
            names = "--dead",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "HEARTBEAT_VOLATILE_MS, silence that makes a transport dead (default ${DEFAULT-VALUE}).")
    Duration dead;

    @Option(
            names = "--interval",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "A probe datagram per agent every INTERVAL (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--warmup",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Reattaches between the surviving nodes before the failure, so that their JIT has compiled"
                    + " the reattach path, as in a running cluster; 0 for cold nodes (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to wait for the recovery (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--agent-threads",
            defaultValue = "2",
            description = "Threads of the agents' shared runtime (default ${DEFAULT-VALUE}).")
    int agentThreads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        var settings = new NodeFailureSettings(
                sessions, Fault.parse(fault), nodeLease, heartbeat, dead, interval, warmup, timeout, agentThreads);
        var report = new NodeFailureBench(settings, ClusterRig.redisFlag(target), System.err).run();
        BenchOutput.emit(report, json, System.out);
        if (!report.allRecovered()) {
            System.err.println("node failure bench: "
                    + (report.sessions() - report.attached().reached())
                    + " agent(s) not attached elsewhere, "
                    + (report.sessions() - report.flowing().reached())
                    + " without traffic, " + report.terminated() + " terminated, "
                    + report.awayAtFailure() + " not attached at the failed node when it failed");
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }
}
