package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.ChaosCheck;
import io.jumpingvpn.chaos.CheckOutcome;
import io.jumpingvpn.chaos.cluster.ChaosCluster;
import io.jumpingvpn.chaos.cluster.ClusterException;
import io.jumpingvpn.chaos.cluster.ClusterPlan;
import io.jumpingvpn.chaos.cluster.NetNamespace;
import io.jumpingvpn.chaos.cluster.RedisMode;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.history.ProcessExit;
import io.jumpingvpn.chaos.nemesis.Nemesis;
import io.jumpingvpn.chaos.nemesis.NemesisKind;
import io.jumpingvpn.chaos.recording.Anomalies;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.chaos.workload.AgentFleet;
import io.jumpingvpn.chaos.workload.NodeEndpoint;
import io.jumpingvpn.chaos.workload.RacerCounts;
import io.jumpingvpn.chaos.workload.Racers;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code jvpn chaos run}: one chaos run from start to verdict. In order: plan (settings, what this host can do, the
 * fault schedule from the seed); a fresh run directory and throw-away keys; {@code run.json}; Redis and the nodes; the
 * agents and racers; the nemesis, faults at their planned moments; progress every second; after the fault phase, every
 * fault healed, then a quiet period of at least the liveness bound with traffic flowing; then the workload ends its
 * sessions explicitly, the nodes stop, {@code run.json} gets the end time, and the checker judges the directory.
 */
public final class ChaosRun {

    /** How long the runner waits for the last faults to be healed after the fault phase. */
    static final Duration HEAL_WAIT = Duration.ofMinutes(3);

    private static final Duration NODE_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String KEY_NAME = "chaos-agent";

    private final RunPlan plan;
    private final RunSettings settings;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();

    private ChaosRun(RunPlan plan, PrintStream out) {
        this.plan = plan;
        this.settings = plan.settings();
        this.out = out;
    }

    /** Runs the chaos run {@code settings} describe, printing progress on {@code out}. */
    public static RunOutcome run(RunSettings settings, PrintStream out) {
        requireNonNull(settings, "settings");
        requireNonNull(out, "out");
        RunPlan plan;
        try {
            plan = RunPlan.of(settings, namespacesUnavailable(settings));
        } catch (IllegalArgumentException e) {
            return new RunOutcome.NotRun(e.getMessage());
        }
        var directory = prepareDirectory(settings.out());
        if (directory.isPresent()) {
            return new RunOutcome.NotRun(directory.get());
        }
        return new ChaosRun(plan, out).execute();
    }

    private static Optional<String> namespacesUnavailable(RunSettings settings) {
        if (!settings.nemeses().contains(NemesisKind.IPTABLES_REDIS) || settings.redis() != RedisMode.STANDALONE) {
            return Optional.empty();
        }
        return NetNamespace.unavailableReason();
    }

    /** The run directory must be new or empty: histories of two runs must never mix. */
    static Optional<String> prepareDirectory(Path dir) {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    return Optional.of("--out " + dir + " is a file, not a directory");
                }
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        return Optional.of("--out " + dir + " is not empty; give a new directory for each run");
                    }
                }
            }
            Files.createDirectories(dir.resolve(HistoryFiles.NODES));
            Files.createDirectories(dir.resolve(HistoryFiles.AGENTS));
            Files.createDirectories(dir.resolve("logs"));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create the run directory " + dir + ": " + e.getMessage());
        }
    }

    private RunOutcome execute() {
        var dir = settings.out();
        printPlan();
        Path keys;
        KeyDirectory.AgentKeys agentKeys;
        try {
            keys = Files.createTempDirectory("jvpn-chaos-keys");
            KeyDirectory.generate(keys, new SecureRandom(), KEY_NAME);
            agentKeys = KeyDirectory.loadAgent(keys);
        } catch (IOException e) {
            return new RunOutcome.NotRun("cannot create the run's keys: " + e.getMessage());
        }
        long start = System.nanoTime();
        try (var history = RunHistory.open(dir)) {
            RunManifest.write(dir, plan, start, start + settings.duration().toNanos());
            var ran = runCluster(history, keys, agentKeys, start);
            if (ran.isPresent()) {
                return new RunOutcome.NotRun(ran.get());
            }
            history.failure().ifPresent(problems::add);
        } catch (IOException e) {
            return new RunOutcome.NotRun("cannot write the run directory " + dir + ": " + e.getMessage());
        } finally {
            deleteQuietly(keys);
        }
        var check = ChaosCheck.check(dir);
        return new RunOutcome.Completed(check, problems, summary(check));
    }

    /** Runs everything between the cluster's start and its stop; a reason if the cluster could not start. */
    private Optional<String> runCluster(RunHistory history, Path keys, KeyDirectory.AgentKeys agentKeys, long start)
            throws IOException {
        var dir = settings.out();
        var clusterPlan = new ClusterPlan(
                settings.nodeIds(),
                dir,
                settings.redis(),
                plan.namespaces(),
                settings.lease(),
                settings.partitionPolicy(),
                settings.unsafe(),
                keys,
                "jvpn-chaos-" + Long.toString(new SecureRandom().nextLong() & 0xffffffffL, 36));
        ChaosCluster cluster;
        try {
            cluster = ChaosCluster.start(clusterPlan, out);
        } catch (ClusterException | UncheckedIOException | IllegalArgumentException e) {
            return Optional.of("the cluster did not start: " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("the cluster did not start: " + e);
        }
        var endpoints = cluster.nodes().stream()
                .map(node -> new NodeEndpoint(node.id(), node.agentEndpoint()))
                .toList();
        var anomalies = new Anomalies();
        AgentFleet fleet = null;
        Racers racers = null;
        Nemesis nemesis = null;
        LiveCheck live = null;
        Progress progress = null;
        try {
            long workloadStart = System.nanoTime();
            fleet = new AgentFleet(
                    settings.agents(),
                    agentKeys,
                    plan.policy(),
                    endpoints,
                    HistoryFiles.agentFile(dir, "agents"),
                    history,
                    anomalies,
                    plan.fleetSeed(),
                    out);
            fleet.start();
            racers = Racers.start(
                    settings.racers(),
                    dir,
                    agentKeys,
                    endpoints,
                    history,
                    anomalies,
                    plan.racerSeed(),
                    settings.lease());
            nemesis = new Nemesis(cluster, history, workloadStart, out);
            var fleeing = racers;
            nemesis.onFaultInEffect(fault -> {
                if (fault.kind().isolatesNode()) {
                    fleeing.flee(fault.target());
                }
            });
            nemesis.start(plan.faults());
            live = new LiveCheck(dir);
            live.start();
            progress = new Progress(out, workloadStart, history, fleet, racers, nemesis, anomalies, live);
            progress.start();

            sleepUntil(workloadStart + TimeUnit.MILLISECONDS.toNanos(plan.phaseEndMs()));
            if (!nemesis.awaitAllHealed(HEAL_WAIT)) {
                problems.add("faults still active " + HEAL_WAIT.toMinutes() + " min after the fault phase: "
                        + nemesis.activeFaults());
            }
            problems.addAll(nemesis.problems());
            fleet.stopActions();
            long quietFrom = Math.max(System.nanoTime(), nemesis.lastHealNanos());
            out.println("chaos: every fault healed; quiet period of "
                    + plan.quiet().toMillis() / 1000.0 + " s with traffic flowing");
            sleepUntil(quietFrom + plan.quiet().toNanos());
            progress.close();
            progress.printNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("the run was interrupted");
        } catch (IOException | RuntimeException e) {
            problems.add("the run failed: " + e);
        } finally {
            closeQuietly(progress);
            closeQuietly(live);
            closeQuietly(racers);
            closeQuietly(fleet);
            closeQuietly(nemesis);
            for (var killed : cluster.stopNodes(NODE_STOP_TIMEOUT)) {
                history.append(ProcessExit.ofNode(System.nanoTime(), killed, "KILL"));
            }
            long end = System.nanoTime();
            cluster.close();
            RunManifest.write(dir, plan, start, end);
            if (racers != null) {
                racers.failure().ifPresent(problems::add);
            }
            tally = new Tally(
                    Optional.ofNullable(fleet).map(AgentFleet::counts),
                    Optional.ofNullable(racers).map(Racers::counts),
                    nemesis == null ? Map.of() : nemesis.injected(),
                    anomalies);
        }
        return Optional.empty();
    }

    /** What the run did, for the summary. */
    private record Tally(
            Optional<AgentFleet.Counts> agents,
            Optional<RacerCounts> racers,
            Map<NemesisKind, Integer> injected,
            Anomalies anomalies) {}

    private Tally tally;

    private void printPlan() {
        out.println("chaos run: seed " + settings.seed() + ", " + settings.nodes() + " nodes, " + settings.agents()
                + " agents + " + settings.racers() + " racers, "
                + settings.duration().toSeconds() + " s, redis "
                + settings.redis().id() + ", lease " + settings.lease().toMillis() + " ms, partition policy "
                + settings.partitionPolicy().name().toLowerCase(java.util.Locale.ROOT)
                + settings.unsafe().map(mode -> ", UNSAFE MODE " + mode.id()).orElse(""));
        out.println("chaos: " + plan.faults().size() + " faults planned from the seed ("
                + plan.plannedByKind().entrySet().stream()
                        .map(e -> e.getKey().id() + " " + e.getValue())
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("none")
                + "); liveness bound " + plan.livenessBound().toMillis() + " ms, quiet period "
                + plan.quiet().toMillis() + " ms");
        plan.skipped()
                .forEach((kind, why) -> out.println("chaos: nemesis " + kind.id() + " is unavailable: " + why
                        + " (skipped, recorded in run.json)"));
        out.println("chaos: run directory " + settings.out().toAbsolutePath());
    }

    private String summary(CheckOutcome check) {
        var text = new StringBuilder();
        text.append("chaos run: seed ")
                .append(settings.seed())
                .append(", ")
                .append(settings.nodes())
                .append(" nodes, ")
                .append(settings.agents())
                .append(" agents + ")
                .append(settings.racers())
                .append(" racers, redis ")
                .append(settings.redis().id())
                .append(settings.unsafe()
                        .map(mode -> ", UNSAFE MODE " + mode.id())
                        .orElse(""))
                .append('\n');
        if (tally != null) {
            text.append("  faults injected: ")
                    .append(tally.injected().entrySet().stream()
                            .sorted(Comparator.comparing(e -> e.getKey().ordinal()))
                            .map(e -> e.getKey().id() + " " + e.getValue())
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("none"))
                    .append(" (")
                    .append(plan.faults().size())
                    .append(" planned)\n");
        }
        plan.skipped().forEach((kind, why) -> text.append("  skipped: ")
                .append(kind.id())
                .append(" (")
                .append(why)
                .append(")\n"));
        if (tally != null) {
            tally.agents().ifPresent(w -> text.append("  agents: ")
                    .append(w.births())
                    .append(" born, ")
                    .append(w.ended())
                    .append(" ended; ")
                    .append(w.transportKills())
                    .append(" transport kills, ")
                    .append(w.moves())
                    .append(" moves, ")
                    .append(w.rebinds())
                    .append(" rebinds, ")
                    .append(w.echoes())
                    .append(" echoes\n"));
            tally.racers().ifPresent(r -> text.append("  racers: ")
                    .append(r.births())
                    .append(" sessions, ")
                    .append(r.races())
                    .append(" races, ")
                    .append(r.replays())
                    .append(" replays\n"));
            text.append("  the runner saw: ").append(tally.anomalies()).append('\n');
        }
        problems.forEach(problem -> text.append("  PROBLEM: ").append(problem).append('\n'));
        text.append(check.summary());
        return text.toString();
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            problems.add("cannot close " + closeable + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind holds throw-away keys only
        }
    }
}
