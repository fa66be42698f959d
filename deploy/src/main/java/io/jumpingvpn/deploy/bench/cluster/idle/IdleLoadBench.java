package io.jumpingvpn.deploy.bench.cluster.idle;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.cluster.ClusterRig;
import io.jumpingvpn.deploy.bench.cluster.RedisCommandStats;
import io.jumpingvpn.deploy.bench.rig.BenchKeys;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle-load benchmark: three gateway nodes in this process on one standalone Redis, {@code sessions} sessions born
 * by raw handshakes round the nodes and kept alive by a {@link HeartbeatKeeper} (nothing but heartbeats), then Redis's
 * command counts over a window. With idle sessions the nodes should cost Redis their lease renewals and nothing else.
 */
public final class IdleLoadBench {

    /** Commands that change data, among those the store's scripts and nodes use. */
    private static final Set<String> DATA_WRITES = Set.of(
            "hset",
            "hdel",
            "hmset",
            "hsetnx",
            "set",
            "del",
            "unlink",
            "incr",
            "incrby",
            "expire",
            "pexpire",
            "pexpireat",
            "xadd",
            "xtrim");

    private static final int HANDSHAKE_THREADS = 2;
    /** Standalone Redis keeps every lease in one lease slot (docs/store-redis.md). */
    private static final int STANDALONE_LEASE_SLOTS = 1;

    private final IdleLoadSettings settings;
    private final StoreSpec.Redis store;
    private final PrintStream progress;

    public IdleLoadBench(IdleLoadSettings settings, StoreSpec.Redis store, PrintStream progress) {
        this.settings = requireNonNull(settings, "settings");
        this.store = requireNonNull(store, "store");
        this.progress = requireNonNull(progress, "progress");
    }

    public IdleLoadReport run() throws IOException, InterruptedException {
        try (var keys = BenchKeys.generate();
                var stats = RedisCommandStats.connect(store);
                var rig = ClusterRig.start(
                        store, IdleLoadSettings.NODES, keys.gateway(), settings.policy(), ClusterRig.newRunId());
                var keeper = new HeartbeatKeeper()) {
            progress.printf(
                    "idle load: %d nodes (%s) on %s, key prefix %s; %d sessions, heartbeat %d ms, dead after %d ms,"
                            + " node lease %d ms%n",
                    rig.size(),
                    rig.transport(),
                    store.redacted(),
                    rig.keyPrefix(),
                    settings.sessions(),
                    settings.heartbeat().toMillis(),
                    settings.dead().toMillis(),
                    settings.nodeLease().toMillis());
            establish(keys, rig, keeper);
            progress.printf("  settling for %d ms%n", settings.settle().toMillis());
            Thread.sleep(settings.settle().toMillis());
            var before = stats.snapshot();
            long beatsBefore = keeper.heartbeats();
            long acksBefore = keeper.acks();
            long end = before.atNanos() + settings.window().toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                progress.printf(
                        "  [%5.1fs] heartbeats %d, acks %d, terminated %d%n",
                        (System.nanoTime() - before.atNanos()) / 1e9,
                        keeper.heartbeats() - beatsBefore,
                        keeper.acks() - acksBefore,
                        keeper.terminated());
            }
            var after = stats.snapshot();
            double seconds = (after.atNanos() - before.atNanos()) / 1e9;
            long beats = keeper.heartbeats() - beatsBefore;
            long acks = keeper.acks() - acksBefore;
            keeper.checkStale(settings.dead().toNanos());
            return report(after.since(before), seconds, beats, acks, keeper, rig, after.cpuCoresSince(before));
        }
    }

    /** Births the sessions (round the nodes) on a few threads; each is handed to the keeper as soon as it is born. */
    private void establish(BenchKeys keys, ClusterRig rig, HeartbeatKeeper keeper) throws InterruptedException {
        var nodes = new ArrayList<InetSocketAddress>();
        for (int i = 0; i < rig.size(); i++) {
            nodes.add(rig.udp(i));
        }
        var born = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(
                HANDSHAKE_THREADS,
                Thread.ofPlatform().daemon().name("bench-handshake-", 0).factory());
        try {
            var work = new ArrayList<Future<?>>();
            for (int t = 0; t < HANDSHAKE_THREADS; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    var crypto = keys.agentCrypto();
                    for (int i = first; i < settings.sessions(); i += HANDSHAKE_THREADS) {
                        var link = RawLink.open(TransportKind.UDP, nodes.get(i % nodes.size()));
                        try {
                            var established = RawHandshake.run(link, crypto);
                            keeper.add((DatagramChannel) link.detach(), established.attachment());
                        } catch (IOException | RuntimeException e) {
                            link.close();
                            throw e;
                        }
                        born.incrementAndGet();
                    }
                    return null;
                }));
            }
            long nextReport = System.nanoTime() + 1_000_000_000L;
            for (var future : work) {
                while (true) {
                    try {
                        future.get(100, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (System.nanoTime() > nextReport) {
                            nextReport += 1_000_000_000L;
                            progress.printf("  established %d/%d sessions%n", born.get(), settings.sessions());
                        }
                    } catch (ExecutionException e) {
                        throw new UserError("establishing the benchmark sessions failed: " + e.getCause(), e);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        progress.printf("  %d sessions established%n", born.get());
    }

    private IdleLoadReport report(
            Map<String, RedisCommandStats.Count> window,
            double seconds,
            long beats,
            long acks,
            HeartbeatKeeper keeper,
            ClusterRig rig,
            double redisCores) {
        int nodes = rig.size();
        var commands = new TreeMap<String, IdleLoadReport.Command>();
        long scripts = 0;
        long writes = 0;
        for (var entry : window.entrySet()) {
            long calls = entry.getValue().calls();
            commands.put(
                    entry.getKey(),
                    new IdleLoadReport.Command(calls, round(calls / seconds), round(calls / seconds / nodes)));
            if (entry.getKey().equals("evalsha") || entry.getKey().equals("eval")) {
                scripts += calls;
            }
            if (DATA_WRITES.contains(entry.getKey())) {
                writes += calls;
            }
        }
        var views = new ArrayList<IdleLoadReport.Node>();
        for (var node : rig.nodes()) {
            var sessions = node.sessions();
            int bound = (int)
                    sessions.stream().filter(view -> view.binding().isPresent()).count();
            int forwarding =
                    (int) sessions.stream().filter(view -> view.forwarding()).count();
            views.add(new IdleLoadReport.Node(node.nodeRef().node().value(), sessions.size(), bound, forwarding));
        }
        // A node renews every third of its lease, in every lease slot.
        double expected = STANDALONE_LEASE_SLOTS * 3.0 / (settings.nodeLease().toMillis() / 1000.0);
        var report = new IdleLoadReport(
                store.redacted(),
                settings.sessions(),
                settings.nodeLease().toMillis(),
                settings.heartbeat().toMillis(),
                settings.dead().toMillis(),
                STANDALONE_LEASE_SLOTS,
                round(seconds),
                commands,
                round(scripts / seconds / nodes),
                round(writes / seconds / nodes),
                round(expected),
                round(beats / seconds),
                round(acks / seconds),
                keeper.stale(),
                keeper.terminated(),
                views,
                redisCores);
        progress.printf(
                "  per node and second: %.3f script calls (EVALSHA), %.3f data writes; expected from the leases"
                        + " alone: %.3f renewals%n",
                report.scriptCallsPerNodePerS(), report.dataWritesPerNodePerS(), report.expectedRenewalsPerNodePerS());
        return report;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
