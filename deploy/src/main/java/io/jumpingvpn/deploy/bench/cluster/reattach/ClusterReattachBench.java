package io.jumpingvpn.deploy.bench.cluster.reattach;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.StoreBench;
import io.jumpingvpn.deploy.bench.StoreBenchReport;
import io.jumpingvpn.deploy.bench.cluster.ClusterRig;
import io.jumpingvpn.deploy.bench.cluster.RedisCommandStats;
import io.jumpingvpn.deploy.bench.rig.BenchKeys;
import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.deploy.bench.rig.RawHandshake;
import io.jumpingvpn.deploy.bench.rig.RawLink;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The cluster reattach benchmark: first {@code jvpn bench store} on the given Redis (uncontended, then with
 * contenders), then three gateway nodes in this process on the same Redis, {@code sessions} sessions established by
 * raw handshakes (spread over the nodes), and three closed-loop phases through the nodes: every reattach at the owner,
 * every reattach at the next node, and races at {@code contenders} nodes. Each phase warms up, then measures; Redis's
 * command counts and CPU are read at the edges of the measured window.
 */
public final class ClusterReattachBench {

    private static final String CLIENT_THREAD = "bench-client-";

    private final ClusterReattachSettings settings;
    private final StoreSpec.Redis store;
    private final PrintStream progress;

    public ClusterReattachBench(ClusterReattachSettings settings, StoreSpec.Redis store, PrintStream progress) {
        this.settings = requireNonNull(settings, "settings");
        this.store = requireNonNull(store, "store");
        this.progress = requireNonNull(progress, "progress");
    }

    public ClusterReattachReport run() throws IOException, InterruptedException {
        var storeUncontended = storeOnly(1);
        var storeContended = storeOnly(settings.contenders());
        var runId = ClusterRig.newRunId();
        try (var keys = BenchKeys.generate();
                var stats = RedisCommandStats.connect(store);
                var rig = ClusterRig.start(
                        store, ClusterReattachSettings.NODES, keys.gateway(), ClusterReattachSettings.POLICY, runId)) {
            progress.printf(
                    "cluster reattach: %d nodes (%s) on %s, key prefix %s; %d sessions, concurrency %d, %d client"
                            + " thread(s)%n",
                    rig.size(),
                    rig.transport(),
                    store.redacted(),
                    rig.keyPrefix(),
                    settings.sessions(),
                    settings.concurrency(),
                    settings.clientThreads());
            var nodes = new ArrayList<InetSocketAddress>();
            for (int i = 0; i < rig.size(); i++) {
                nodes.add(rig.udp(i));
            }
            var handshakes = LatencyMs.newMicrosHistogram();
            var sessions = establish(keys, nodes, handshakes);
            try {
                var owner = phase(Placement.OWNER, keys, nodes, sessions, stats);
                var next = phase(Placement.NEXT, keys, nodes, sessions, stats);
                var race = phase(Placement.RACE, keys, nodes, sessions, stats);
                return new ClusterReattachReport(
                        store.redacted(),
                        rig.size(),
                        rig.transport(),
                        settings.sessions(),
                        settings.concurrency(),
                        settings.contenders(),
                        settings.clientThreads(),
                        settings.warmup().toMillis() / 1000.0,
                        settings.duration().toMillis() / 1000.0,
                        LatencyMs.ofMicros(handshakes),
                        storeUncontended,
                        storeContended,
                        owner,
                        next,
                        race,
                        ratio(owner.commitsPerS(), storeUncontended.commitsPerS()),
                        ratio(next.commitsPerS(), storeUncontended.commitsPerS()),
                        ratio(race.commitsPerS(), storeContended.commitsPerS()),
                        storeContended.badRounds() + race.badRounds());
            } finally {
                sessions.forEach(ClusterSession::closeTransport);
            }
        }
    }

    private StoreBenchReport storeOnly(int contenders) throws InterruptedException {
        progress.printf("== store only, %d contender(s), concurrency %d%n", contenders, settings.concurrency());
        var storeSettings = new StoreBench.Settings(
                settings.sessions(), contenders, settings.concurrency(), settings.duration(), settings.warmup());
        try (var sessionStore = store.openForBenchmark()) {
            return new StoreBench(sessionStore, storeSettings, progress).run(store.mode(), store.redacted());
        }
    }

    /** Births every session by a raw handshake, at node {@code i mod nodes}; its socket stays as its transport. */
    private List<ClusterSession> establish(BenchKeys keys, List<InetSocketAddress> nodes, Histogram handshakes)
            throws IOException {
        var crypto = keys.agentCrypto();
        var sessions = new ArrayList<ClusterSession>(settings.sessions());
        long lastReport = System.nanoTime();
        try {
            for (int i = 0; i < settings.sessions(); i++) {
                int node = i % nodes.size();
                var link = RawLink.open(TransportKind.UDP, nodes.get(node));
                RawHandshake.Established established;
                try {
                    established = RawHandshake.run(link, crypto);
                } catch (IOException | RuntimeException e) {
                    link.close();
                    throw e;
                }
                handshakes.recordValue(Math.max(1, established.nanos() / 1_000));
                sessions.add(new ClusterSession(
                        established.attachment().sessionId(),
                        established.attachment().version(),
                        node,
                        (DatagramChannel) link.detach()));
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.printf("  established %d/%d sessions%n", i + 1, settings.sessions());
                }
            }
        } catch (IOException | RuntimeException e) {
            sessions.forEach(ClusterSession::closeTransport);
            throw e;
        }
        var summary = LatencyMs.ofMicros(handshakes);
        progress.printf(
                "  %d sessions established; handshake p50 %.3f ms, p99 %.3f ms%n",
                sessions.size(), summary.p50(), summary.p99());
        return sessions;
    }

    private GatewayPhase phase(
            Placement placement,
            BenchKeys keys,
            List<InetSocketAddress> nodes,
            List<ClusterSession> sessions,
            RedisCommandStats stats)
            throws InterruptedException {
        int contenders = placement == Placement.RACE ? settings.contenders() : 1;
        int laneCount = placement == Placement.RACE ? settings.contendedLanes() : settings.uncontendedLanes();
        progress.printf(
                "== through the nodes, %s: %d lane(s) x %d request(s) in flight%n",
                placement.label(), laneCount, contenders);
        var lanes = new ArrayList<List<ClusterSession>>();
        for (int lane = 0; lane < laneCount; lane++) {
            var own = new ArrayList<ClusterSession>();
            for (int i = lane; i < sessions.size(); i += laneCount) {
                own.add(sessions.get(i));
            }
            lanes.add(own);
        }
        long measureStart = System.nanoTime() + settings.warmup().toNanos();
        long end = measureStart + settings.duration().toNanos();
        var drivers = new ArrayList<CompletableFuture<PhaseTally>>();
        for (int t = 0; t < settings.clientThreads(); t++) {
            var own = new ArrayList<List<ClusterSession>>();
            for (int lane = t; lane < lanes.size(); lane += settings.clientThreads()) {
                own.add(lanes.get(lane));
            }
            var driver = new ReattachDriver(nodes, keys.agentCrypto(), placement, contenders, own, measureStart, end);
            var result = new CompletableFuture<PhaseTally>();
            Thread.ofPlatform().daemon().name(CLIENT_THREAD + t).start(() -> {
                try {
                    result.complete(driver.run());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            drivers.add(result);
        }
        sleepUntil(measureStart);
        var before = stats.snapshot();
        long cpuBefore = CpuClock.process();
        long reportAt = measureStart + 1_000_000_000L;
        while (System.nanoTime() < end) {
            sleepUntil(Math.min(end, reportAt));
            if (System.nanoTime() >= reportAt && reportAt < end) {
                progress.printf("  [%5.1fs] measuring...%n", (reportAt - measureStart) / 1e9);
                reportAt += 1_000_000_000L;
            }
        }
        var after = stats.snapshot();
        long cpuAfter = CpuClock.process();
        var tally = new PhaseTally();
        for (var driver : drivers) {
            try {
                tally.add(driver.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw new UserError("a benchmark client failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new UserError("a benchmark client did not finish within 60 s after the window", e);
            }
        }
        long wall = after.atNanos() - before.atNanos();
        var report = report(
                placement,
                contenders,
                tally,
                after.since(before),
                after.cpuSeconds() - before.cpuSeconds(),
                after.cpuCoresSince(before),
                CpuClock.cores(cpuAfter - cpuBefore, wall),
                CpuClock.cores(tally.cpuNanos, settings.duration().toNanos()));
        progress.printf(
                "  %s: %.0f commits/s, p50 %.3f ms, p99 %.3f ms, max %.3f ms; rejected %s; unanswered %d; Redis CPU"
                        + " %.1f us and %s calls per commit; CPU cores: Redis %.2f, this process %.2f (clients"
                        + " %.2f)%n",
                placement.label(),
                report.commitsPerS(),
                report.latencyMs().p50(),
                report.latencyMs().p99(),
                report.latencyMs().max(),
                report.rejected(),
                report.unanswered(),
                report.redisCpuUsPerCommit(),
                report.redisCallsPerCommit(),
                report.redisCpuCores(),
                report.processCpuCores(),
                report.clientCpuCores());
        return report;
    }

    private GatewayPhase report(
            Placement placement,
            int contenders,
            PhaseTally tally,
            Map<String, RedisCommandStats.Count> redis,
            double redisCpuSeconds,
            double redisCores,
            double processCores,
            double clientCores) {
        double seconds = settings.duration().toNanos() / 1e9;
        long commits = tally.acceptedCount();
        var callsPerCommit = new TreeMap<String, Double>();
        for (var entry : redis.entrySet()) {
            callsPerCommit.put(entry.getKey(), per(entry.getValue().calls(), commits, 1000));
        }
        long redisCpuMicros = Math.round(redisCpuSeconds * 1e6);
        return new GatewayPhase(
                placement.label(),
                contenders,
                placement == Placement.RACE ? settings.contendedLanes() * contenders : settings.concurrency(),
                tally.attempts,
                commits,
                tally.rejectedByCode(),
                tally.unanswered,
                tally.resent,
                tally.invalidReplies,
                tally.rounds,
                tally.badRounds,
                tally.roundsWithoutWinner,
                tally.unjudgedRounds,
                seconds,
                Math.round(commits / seconds * 10) / 10.0,
                LatencyMs.ofMicros(tally.accepted),
                LatencyMs.ofMicros(tally.rejectedLatency),
                callsPerCommit,
                per(redisCpuMicros, commits, 10),
                redisCores,
                processCores,
                clientCores);
    }

    private static double per(long amount, long commits, int rounding) {
        return commits == 0 ? 0 : Math.round((double) amount / commits * rounding) / (double) rounding;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator <= 0 ? 0 : Math.round(numerator / denominator * 1000) / 1000.0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
