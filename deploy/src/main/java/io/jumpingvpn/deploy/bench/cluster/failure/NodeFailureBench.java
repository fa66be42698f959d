package io.jumpingvpn.deploy.bench.cluster.failure;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AgentRuntime;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.deploy.bench.cluster.ClusterRig;
import io.jumpingvpn.deploy.bench.rig.BenchKeys;
import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node-failure benchmark. Three {@code jvpn gateway} processes on one Redis; {@code sessions} real agents in this
 * process on a shared {@link AgentRuntime}, each knowing all three nodes with the same node first (so sessions are born
 * there) and the other two in an order that alternates between agents (so the survivors share the load), each from a
 * loopback address of its own (the nodes' per-source limits then see a thousand hosts, as in production). Once every
 * session is attached at that first node ({@link FleetSettler}) and its probes echo, the node is killed (SIGKILL) or
 * silenced (SIGSTOP), and the {@link RecoveryTracker} records when each agent noticed, was attached elsewhere, and had
 * traffic flowing again.
 */
public final class NodeFailureBench {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    private static final int BIRTH_BATCH = 100;
    private static final long TARGET_MS = 3_000;

    private final NodeFailureSettings settings;
    private final StoreSpec.Redis store;
    private final PrintStream progress;

    public NodeFailureBench(NodeFailureSettings settings, StoreSpec.Redis store, PrintStream progress) {
        this.settings = requireNonNull(settings, "settings");
        this.store = requireNonNull(store, "store");
        this.progress = requireNonNull(progress, "progress");
    }

    public NodeFailureReport run() throws IOException, InterruptedException {
        var runId = ClusterRig.newRunId();
        var prefix = "jvpn-bench-" + runId;
        var logs = Files.createTempDirectory("jvpn-bench-failure-");
        var processes = new ArrayList<GatewayProcess>();
        boolean succeeded = false;
        try (var keys = BenchKeys.generate();
                var lookup = store.open(builder -> builder.keyPrefix(prefix))) {
            var ports = FreePorts.udp(NodeFailureSettings.NODES);
            for (int i = 0; i < NodeFailureSettings.NODES; i++) {
                // One after the other: three JVMs starting at once on a small machine starve each other.
                var node = GatewayProcess.start(runId + "-n" + (i + 1), ports.get(i), logs, flags(keys, prefix));
                processes.add(node);
                node.awaitServing(START_TIMEOUT);
            }
            progress.printf(
                    "node failure: 3 jvpn gateway processes (pids %d, %d, %d) on %s, key prefix %s; %d agents on %d"
                            + " thread(s); node lease %d ms, heartbeat %d ms, dead after %d ms; fault: %s%n",
                    processes.get(0).pid(),
                    processes.get(1).pid(),
                    processes.get(2).pid(),
                    store.redacted(),
                    prefix,
                    settings.sessions(),
                    settings.agentThreads(),
                    settings.nodeLease().toMillis(),
                    settings.heartbeat().toMillis(),
                    settings.dead().toMillis(),
                    settings.fault().label());
            var report = measure(keys, processes, lookup);
            succeeded = true;
            return report;
        } finally {
            for (var process : processes) {
                process.close();
            }
            if (succeeded) {
                deleteQuietly(logs);
            } else {
                progress.println("node failure: the nodes' logs are kept in " + logs);
            }
        }
    }

    private List<String> flags(BenchKeys keys, String prefix) {
        var flags = new ArrayList<>(List.of(
                "--keys",
                keys.directory().toString(),
                "--store",
                store.uri(),
                "--redis-key-prefix",
                prefix,
                "--egress",
                "echo",
                "--admin",
                "off",
                "--audit-stdout",
                "false",
                "--log-level",
                "WARN"));
        settings.policyKeys().forEach((key, value) -> {
            flags.add("--policy");
            flags.add(key + "=" + value);
        });
        return flags;
    }

    private NodeFailureReport measure(BenchKeys keys, List<GatewayProcess> processes, SessionStore lookup)
            throws InterruptedException {
        var candidates = processes.stream().map(GatewayProcess::candidate).toList();
        var failed = processes.getFirst();
        var tracker = new RecoveryTracker(settings.sessions(), candidates, failed.candidate());
        var agentKeys = loadAgentKeys(keys.directory());
        var agents = new ArrayList<Agent>(settings.sessions());
        ScheduledExecutorService traffic = null;
        try (var runtime = AgentRuntime.start("bench", settings.agentThreads())) {
            try {
                double birthsS = births(agentKeys, candidates, runtime, tracker, agents);
                long warmed = warmUp(keys, processes.subList(1, processes.size()));
                traffic = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("bench-traffic").factory());
                traffic.scheduleAtFixedRate(
                        () -> {
                            for (int i = 0; i < agents.size(); i++) {
                                agents.get(i).send(RecoveryTracker.probe(i));
                            }
                        },
                        0,
                        settings.interval().toMillis(),
                        TimeUnit.MILLISECONDS);
                int switchedBack = FleetSettler.settle(agents, failed.candidate(), tracker, SETTLE_TIMEOUT, progress);
                long leaseLeft = leaseLeft(lookup, failed.id);
                int away = FleetSettler.away(agents, failed.candidate());
                long readAt = System.nanoTime();
                var cpuBefore = cpuNow(processes);
                long failedAt = tracker.arm();
                switch (settings.fault()) {
                    case KILL -> failed.kill();
                    case SILENCE -> failed.pause();
                }
                progress.printf(
                        "  %s %s (pid %d); its lease had %d ms left; %d agent(s) were not attached there%n",
                        settings.fault() == Fault.KILL ? "killed" : "silenced",
                        failed.id,
                        failed.pid(),
                        leaseLeft,
                        away);
                awaitRecovery(tracker, failedAt);
                long recoveredAt = System.nanoTime();
                var cpu = cpuSince(cpuBefore, processes);
                if (settings.fault() == Fault.SILENCE) {
                    failed.kill();
                }
                long leftAtFailure = leaseLeft < 0 ? -1 : leaseLeft - (failedAt - readAt) / 1_000_000;
                return report(
                        tracker,
                        failedAt,
                        birthsS,
                        warmed,
                        switchedBack,
                        away,
                        failed.id,
                        leftAtFailure,
                        processes,
                        (recoveredAt - failedAt) / 1e9,
                        cpu);
            } finally {
                if (traffic != null) {
                    traffic.shutdownNow();
                }
                agents.forEach(Agent::close);
            }
        }
    }

    private static KeyDirectory.AgentKeys loadAgentKeys(Path directory) {
        try {
            return KeyDirectory.loadAgent(directory);
        } catch (KeyFileException e) {
            throw new UserError("cannot read the benchmark's agent keys: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the agents in batches and waits until each batch is attached (at the first node, or at another one when the
     * first answered too late: {@link FleetSettler} brings those back); returns the seconds it all took.
     */
    private double births(
            KeyDirectory.AgentKeys agentKeys,
            List<Candidate> candidates,
            AgentRuntime runtime,
            RecoveryTracker tracker,
            List<Agent> agents)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int first = 0; first < settings.sessions(); first += BIRTH_BATCH) {
            int last = Math.min(settings.sessions(), first + BIRTH_BATCH);
            for (int i = first; i < last; i++) {
                var config = AgentConfig.builder()
                        .name("agent-" + i)
                        .keys(agentKeys)
                        .policy(settings.policy())
                        .runtime(runtime)
                        .localAddress(sourceAddress(i))
                        .closeTimeout(Duration.ofMillis(500))
                        .listener(tracker.listener(i))
                        .dataHandler(tracker.dataHandler(i));
                // The failing node first: every session is born there. The survivors in alternating order.
                config.gateway(candidates.get(0));
                config.gateway(candidates.get(1 + i % 2));
                config.gateway(candidates.get(2 - i % 2));
                Agent agent;
                try {
                    agent = Agent.start(config.build());
                } catch (IOException e) {
                    throw new UserError("cannot start agent " + i + ": " + e.getMessage(), e);
                }
                agents.add(agent);
                tracker.register(i, agent);
            }
            for (int i = first; i < last; i++) {
                var outcome = agents.get(i).awaitAttached(START_TIMEOUT);
                if (!(outcome instanceof AttachOutcome.Attached)) {
                    throw new UserError(
                            "agent " + i + " was not attached within " + START_TIMEOUT.toSeconds() + " s: " + outcome);
                }
            }
            progress.printf("  %d/%d agents attached%n", last, settings.sessions());
        }
        return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }

    /** Reattaches raw sessions back and forth between the surviving nodes for the warm-up time. */
    private long warmUp(BenchKeys keys, List<GatewayProcess> survivors) {
        if (settings.warmup().isZero()) {
            return 0;
        }
        progress.printf(
                "  warming the surviving nodes up for %d ms%n",
                settings.warmup().toMillis());
        var addresses = survivors.stream()
                .map(node -> new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port))
                .toList();
        long accepted = NodeWarmer.warm(addresses, keys.agentCrypto(), settings.warmup());
        progress.printf("  %d warm-up reattaches accepted%n", accepted);
        return accepted;
    }

    /** 127.1.x.y, a loopback address per agent: to the nodes, each agent is a host of its own. */
    private static InetAddress sourceAddress(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (index / 250), (byte) (index % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    /** The failed node's lease time left in the store now, in ms (-1 when the store did not say). */
    private long leaseLeft(SessionStore lookup, String node) {
        var result = lookup.nodes().toCompletableFuture().join();
        if (!(result instanceof StoreResult.Committed<List<NodeLease>> ok)) {
            progress.println("  could not read the node leases: " + result);
            return -1;
        }
        return ok.value().stream()
                .filter(lease -> lease.node().node().value().equals(node))
                .mapToLong(lease -> lease.expiresAtMs() - lease.storeNowMs())
                .max()
                .orElse(-1);
    }

    private void awaitRecovery(RecoveryTracker tracker, long failedAt) throws InterruptedException {
        long deadline = failedAt + settings.timeout().toNanos();
        long nextReport = failedAt + 500_000_000L;
        while (System.nanoTime() < deadline) {
            int attached = tracker.attachedCount();
            int flowing = tracker.flowingCount();
            // Done when every agent is attached elsewhere with traffic flowing, or ended (a terminated one never is).
            if (attached + tracker.terminated() >= tracker.size() && flowing >= attached) {
                break;
            }
            if (System.nanoTime() >= nextReport) {
                nextReport += 500_000_000L;
                progress.printf(
                        "  [%5.1fs] attached elsewhere %d, flowing %d, terminated %d%n",
                        (System.nanoTime() - failedAt) / 1e9, attached, flowing, tracker.terminated());
            }
            Thread.sleep(10);
        }
    }

    private NodeFailureReport report(
            RecoveryTracker tracker,
            long failedAt,
            double birthsS,
            long warmed,
            int switchedBack,
            int away,
            String failedNode,
            long leaseLeftMs,
            List<GatewayProcess> processes,
            double recoveryS,
            NodeFailureReport.RecoveryCpu cpu) {
        int n = tracker.size();
        var detected = new long[n];
        var attached = new long[n];
        var flowing = new long[n];
        var held = new long[n];
        var movedTo = new TreeMap<String, Long>();
        for (int i = 0; i < n; i++) {
            detected[i] = since(tracker.lostAt(i), failedAt);
            attached[i] = since(tracker.attachedAt(i), failedAt);
            flowing[i] = since(tracker.flowingAt(i), failedAt);
            held[i] = attached[i] < 0 || flowing[i] < 0 ? -1 : Math.max(0, flowing[i] - attached[i]);
            int node = tracker.attachedNode(i);
            if (node >= 0) {
                movedTo.merge(processes.get(node).id, 1L, Long::sum);
            }
        }
        var report = new NodeFailureReport(
                store.redacted(),
                settings.fault().label(),
                n,
                settings.nodeLease().toMillis(),
                settings.nodeLease().toMillis() / 10,
                settings.heartbeat().toMillis(),
                settings.dead().toMillis(),
                settings.agentThreads(),
                birthsS,
                warmed,
                switchedBack,
                away,
                failedNode,
                leaseLeftMs,
                RecoveryTimes.of(detected),
                RecoveryTimes.of(attached),
                RecoveryTimes.of(flowing),
                RecoveryTimes.of(held),
                movedTo,
                Math.round(recoveryS * 1000) / 1000.0,
                cpu,
                tracker.terminated(),
                TARGET_MS);
        progress.printf(
                "  attached elsewhere: 99%% by %.0f ms, 100%% by %.0f ms; traffic flowing: 99%% by %.0f ms, 100%% by"
                        + " %.0f ms (-1: not reached)%n",
                report.attached().pct99OfAllMs(),
                report.attached().allMs(),
                report.flowing().pct99OfAllMs(),
                report.flowing().allMs());
        return report;
    }

    /** CPU nanoseconds so far: this process first, then every node process. */
    private static long[] cpuNow(List<GatewayProcess> processes) {
        var cpu = new long[processes.size() + 1];
        cpu[0] = CpuClock.process();
        for (int i = 0; i < processes.size(); i++) {
            cpu[i + 1] = processes.get(i).cpuNanos();
        }
        return cpu;
    }

    /** The CPU seconds used since {@code before} by this process and by the surviving nodes (all but the first). */
    private static NodeFailureReport.RecoveryCpu cpuSince(long[] before, List<GatewayProcess> processes) {
        var now = cpuNow(processes);
        var survivors = new TreeMap<String, Double>();
        for (int i = 1; i < processes.size(); i++) {
            survivors.put(processes.get(i).id, seconds(before[i + 1], now[i + 1]));
        }
        return new NodeFailureReport.RecoveryCpu(seconds(before[0], now[0]), survivors);
    }

    private static double seconds(long before, long after) {
        return before < 0 || after < 0 ? -1 : Math.round((after - before) / 1e6) / 1000.0;
    }

    /** Nanoseconds {@code at} after {@code failedAt}, in microseconds; -1 when {@code at} is 0 (never). */
    private static long since(long at, long failedAt) {
        return at == 0 ? -1 : Math.max(0, (at - failedAt) / 1_000);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
