package io.jumpingvpn.deploy.bench;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives reattach commits against a {@link SessionStore}. With one contender each lane commits its own sessions one
 * after the other (uncontended throughput, {@code concurrency} commits in flight). With C contenders every round
 * fires C commits from C different nodes at the same expected version, and the round must end with exactly one
 * winner. Lanes ({@link BenchLane}) are driven by store completions, so the figures measure the store, not thread
 * hand-offs in the benchmark.
 */
public final class StoreBench {

    /** Validated settings of one run. */
    public record Settings(int sessions, int contenders, int concurrency, Duration duration, Duration warmup) {

        public Settings {
            requireNonNull(duration, "duration");
            requireNonNull(warmup, "warmup");
            if (contenders < 1 || contenders > 64) {
                throw new UserError("--contenders must be between 1 and 64, got " + contenders);
            }
            if (concurrency < contenders || concurrency > 4096) {
                throw new UserError(
                        "--concurrency must be between --contenders (" + contenders + ") and 4096, got " + concurrency);
            }
            if (sessions < concurrency / contenders || sessions > 1_000_000) {
                throw new UserError("--sessions must be between concurrency/contenders (" + (concurrency / contenders)
                        + ", so that no lane shares a session) and 1000000, got " + sessions);
            }
            if (duration.toMillis() < 100 || duration.toHours() > 24) {
                throw new UserError("--duration must be between 100ms and 24h, got " + duration);
            }
            if (warmup.isNegative() || warmup.toMinutes() > 10) {
                throw new UserError("--warmup must be between 0 and 10m, got " + warmup);
            }
        }

        int lanes() {
            return concurrency / contenders;
        }
    }

    private static final Duration NODE_LEASE = Duration.ofSeconds(30);
    private static final long RENEW_EVERY_MS = 10_000;
    private static final int CREATE_IN_FLIGHT = 256;
    /** How long after the window lanes may take to finish their last round (store timeouts are far shorter). */
    private static final Duration LANE_GRACE = Duration.ofSeconds(60);

    private final SessionStore store;
    private final Settings settings;
    private final PrintStream progress;
    private final String runId;
    private final SecureRandom random = new SecureRandom();
    private final BenchTally tally = new BenchTally();

    public StoreBench(SessionStore store, Settings settings, PrintStream progress) {
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.progress = requireNonNull(progress, "progress");
        this.runId = Long.toString(random.nextLong() & 0xffffffffL, 36);
    }

    /** Runs the benchmark: registers the contender nodes, creates the sessions, commits until the time is up. */
    public StoreBenchReport run(String mode, String target) throws InterruptedException {
        var nodes = registerNodes();
        var scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("bench-scheduler").factory());
        try {
            scheduler.scheduleAtFixedRate(() -> renew(nodes), RENEW_EVERY_MS, RENEW_EVERY_MS, TimeUnit.MILLISECONDS);
            var sessions = createSessions(nodes.getFirst().node());
            progress.printf(
                    "store bench: %s, %d sessions, %d contender(s), concurrency %d, %d lane(s), warmup %s, duration %s%n",
                    mode,
                    settings.sessions(),
                    settings.contenders(),
                    settings.concurrency(),
                    settings.lanes(),
                    settings.warmup().toMillis() + "ms",
                    settings.duration().toMillis() + "ms");
            long measureStart = System.nanoTime() + settings.warmup().toNanos();
            tally.window(measureStart, measureStart + settings.duration().toNanos());
            scheduler.scheduleAtFixedRate(this::printProgress, 1, 1, TimeUnit.SECONDS);
            runLanes(sessions, nodes.stream().map(NodeLease::node).toList());
            long measuredNanos = Math.min(System.nanoTime(), tally.endNanos()) - measureStart;
            if (tally.fatal() != null) {
                throw new UserError("store bench stopped: " + tally.fatal());
            }
            return report(mode, target, measuredNanos / 1e9);
        } finally {
            scheduler.shutdownNow();
            for (var lease : nodes) {
                store.releaseNode(lease.node()).toCompletableFuture().join();
            }
        }
    }

    private List<NodeLease> registerNodes() {
        var nodes = new ArrayList<NodeLease>();
        for (int c = 0; c < settings.contenders(); c++) {
            var result = store.registerNode(new NodeId("bench-" + runId + "-" + c), NODE_LEASE)
                    .toCompletableFuture()
                    .join();
            switch (result) {
                case StoreResult.Committed<NodeLease> ok -> nodes.add(ok.value());
                case StoreResult.Rejected<NodeLease> r ->
                    throw new UserError("the store refused to register a node: " + r.code() + " (" + r.detail() + ")");
                case StoreResult.Unknown<NodeLease> u ->
                    throw new UserError("the store did not answer a node registration: " + u.cause());
            }
        }
        return nodes;
    }

    private void renew(List<NodeLease> nodes) {
        for (var lease : nodes) {
            var result = store.renewNode(lease.node(), lease.incarnation(), NODE_LEASE)
                    .toCompletableFuture()
                    .join();
            if (!result.isCommitted()) {
                tally.stop("the lease of " + lease.node() + " could not be renewed: " + result);
            }
        }
    }

    private List<BenchSession> createSessions(NodeRef owner) throws InterruptedException {
        var lifetime = settings.warmup().plus(settings.duration()).plusMinutes(2);
        var permits = new Semaphore(CREATE_IN_FLIGHT);
        var slots = new ArrayList<BenchSession>(settings.sessions());
        var failures = new AtomicReference<String>();
        for (int i = 0; i < settings.sessions() && failures.get() == null; i++) {
            var key = new byte[32];
            random.nextBytes(key);
            var id = store.newSessionId();
            var binding = new Binding("udp", "127.0.0.1:" + (20_000 + i % 40_000));
            var slot = new BenchSession(id, binding);
            slots.add(slot);
            permits.acquire();
            store.create(new CreateSession(
                            id,
                            AgentPublicKey.of(key),
                            owner,
                            binding,
                            new RequestId("c-" + runId + "-" + i),
                            lifetime,
                            "bench"))
                    .whenComplete((result, error) -> {
                        if (error != null || !(result instanceof StoreResult.Committed<SessionRecord> ok)) {
                            failures.compareAndSet(null, error != null ? error.toString() : result.toString());
                        } else {
                            slot.version = ok.value().version();
                        }
                        // Released last: acquiring every permit then also sees every version written above.
                        permits.release();
                    });
        }
        permits.acquire(CREATE_IN_FLIGHT);
        if (failures.get() != null) {
            throw new UserError("creating the benchmark sessions failed: " + failures.get());
        }
        return slots;
    }

    /**
     * Starts every lane on a thread of its own and waits until all have finished. With an asynchronous store a lane's
     * thread returns after its first round is sent and the lane goes on in completions; with the in-memory store,
     * which completes synchronously, the thread runs the lane to the end, so lanes really run concurrently.
     */
    private void runLanes(List<BenchSession> sessions, List<NodeRef> nodes) throws InterruptedException {
        int lanes = settings.lanes();
        var finished = new ArrayList<CompletableFuture<Void>>(lanes);
        for (int index = 0; index < lanes; index++) {
            var own = new ArrayList<BenchSession>();
            for (int i = index; i < sessions.size(); i += lanes) {
                own.add(sessions.get(i));
            }
            var lane = new BenchLane(store, own, nodes, tally);
            finished.add(lane.finished());
            Thread.ofPlatform().daemon().name("bench-lane-" + index).start(lane::drive);
        }
        long waitNanos = tally.endNanos() - System.nanoTime() + LANE_GRACE.toNanos();
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            tally.stop("a benchmark lane failed: " + e.getCause());
        } catch (TimeoutException e) {
            tally.stop("benchmark lanes did not finish within " + LANE_GRACE.toSeconds() + " s after the window");
        }
    }

    private void printProgress() {
        long now = System.nanoTime();
        if (now < tally.measureStartNanos()) {
            progress.println("  warming up...");
            return;
        }
        double elapsed = (Math.min(now, tally.endNanos()) - tally.measureStartNanos()) / 1e9;
        long commits = tally.commits();
        progress.printf(
                "  [%6.1fs] attempts=%d commits=%d (%.0f/s) conflicts=%d rejected=%d unknown=%d%n",
                elapsed,
                tally.attempts(),
                commits,
                elapsed > 0 ? commits / elapsed : 0.0,
                tally.conflicts(),
                tally.rejectedTotal(),
                tally.unknown());
    }

    private StoreBenchReport report(String mode, String target, double seconds) {
        var histogram = tally.latencies();
        long commits = tally.commits();
        return new StoreBenchReport(
                mode,
                target,
                settings.sessions(),
                settings.contenders(),
                settings.concurrency(),
                tally.attempts(),
                commits,
                tally.conflicts(),
                tally.rejectedByCode(),
                tally.unknown(),
                tally.rounds(),
                tally.badRounds(),
                Math.round(seconds * 1000) / 1000.0,
                seconds > 0 ? Math.round(commits / seconds * 10) / 10.0 : 0,
                new StoreBenchReport.Latency(
                        millis(histogram.getValueAtPercentile(50)),
                        millis(histogram.getValueAtPercentile(99)),
                        millis(histogram.getMaxValue())));
    }

    private static double millis(long micros) {
        return Math.round(micros) / 1000.0;
    }
}
