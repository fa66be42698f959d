package io.jumpingvpn.deploy.bench;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Drives reattach commits against a {@link SessionStore}. With one contender each lane commits its own sessions one
 * after the other (uncontended throughput, {@code concurrency} commits in flight). With C contenders every round
 * fires C commits from C different nodes at the same expected version, and the round must end with exactly one
 * winner.
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

    private final SessionStore store;
    private final Settings settings;
    private final PrintStream progress;
    private final String runId;
    private final SecureRandom random = new SecureRandom();

    private final Recorder latencyMicros = new Recorder(3);
    private final LongAdder attempts = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder rounds = new LongAdder();
    private final LongAdder badRounds = new LongAdder();
    private final Map<StoreRejectCode, LongAdder> rejected = new EnumMap<>(StoreRejectCode.class);
    private final AtomicReference<String> fatal = new AtomicReference<>();

    private volatile long measureStartNanos;
    private volatile long endNanos;

    public StoreBench(SessionStore store, Settings settings, PrintStream progress) {
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.progress = requireNonNull(progress, "progress");
        this.runId = Long.toString(random.nextLong() & 0xffffffffL, 36);
        for (var code : StoreRejectCode.values()) {
            rejected.put(code, new LongAdder());
        }
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
            long start = System.nanoTime();
            measureStartNanos = start + settings.warmup().toNanos();
            endNanos = measureStartNanos + settings.duration().toNanos();
            scheduler.scheduleAtFixedRate(this::printProgress, 1, 1, TimeUnit.SECONDS);
            runLanes(sessions, nodes.stream().map(NodeLease::node).toList());
            long measuredNanos = Math.min(System.nanoTime(), endNanos) - measureStartNanos;
            if (fatal.get() != null) {
                throw new UserError("store bench stopped: " + fatal.get());
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
                fatal.compareAndSet(null, "the lease of " + lease.node() + " could not be renewed: " + result);
            }
        }
    }

    private List<Slot> createSessions(NodeRef owner) throws InterruptedException {
        var lifetime = settings.warmup().plus(settings.duration()).plusMinutes(2);
        var permits = new Semaphore(CREATE_IN_FLIGHT);
        var slots = new ArrayList<Slot>(settings.sessions());
        var failures = new AtomicReference<String>();
        for (int i = 0; i < settings.sessions() && failures.get() == null; i++) {
            var key = new byte[32];
            random.nextBytes(key);
            var id = store.newSessionId();
            var binding = new Binding("udp", "127.0.0.1:" + (20_000 + i % 40_000));
            var slot = new Slot(id, binding);
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
                        permits.release();
                        if (error != null || !(result instanceof StoreResult.Committed<SessionRecord> ok)) {
                            failures.compareAndSet(null, error != null ? error.toString() : result.toString());
                        } else {
                            slot.version = ok.value().version();
                        }
                    });
        }
        permits.acquire(CREATE_IN_FLIGHT);
        if (failures.get() != null) {
            throw new UserError("creating the benchmark sessions failed: " + failures.get());
        }
        return slots;
    }

    private void runLanes(List<Slot> sessions, List<NodeRef> nodes) throws InterruptedException {
        int lanes = settings.lanes();
        var threads = new ArrayList<Thread>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            var own = new ArrayList<Slot>();
            for (int i = lane; i < sessions.size(); i += lanes) {
                own.add(sessions.get(i));
            }
            threads.add(Thread.ofVirtual().name("bench-lane-" + lane).start(() -> runLane(own, nodes)));
        }
        for (var thread : threads) {
            thread.join();
        }
    }

    private void runLane(List<Slot> own, List<NodeRef> nodes) {
        int next = 0;
        while (System.nanoTime() < endNanos && fatal.get() == null) {
            var slot = own.get(next);
            next = (next + 1) % own.size();
            if (nodes.size() == 1) {
                commitAlone(slot, nodes.getFirst());
            } else {
                race(slot, nodes);
            }
        }
    }

    private void commitAlone(Slot slot, NodeRef node) {
        var request = slot.nextRequest(node, 1);
        long t0 = System.nanoTime();
        var result = store.reattach(request).toCompletableFuture().join();
        boolean measured = record(t0, result);
        if (result instanceof StoreResult.Committed<SessionRecord> ok) {
            slot.committed(ok.value(), 1);
            if (measured) {
                rounds.increment();
            }
        } else {
            slot.resync(store);
        }
    }

    private void race(Slot slot, List<NodeRef> nodes) {
        var futures = new ArrayList<CompletableFuture<StoreResult<SessionRecord>>>(nodes.size());
        var starts = new long[nodes.size()];
        for (int c = 0; c < nodes.size(); c++) {
            var request = slot.nextRequest(nodes.get(c), c + 1);
            starts[c] = System.nanoTime();
            futures.add(store.reattach(request).toCompletableFuture());
        }
        int winners = 0;
        int unknowns = 0;
        SessionRecord winner = null;
        boolean measured = false;
        for (int c = 0; c < futures.size(); c++) {
            var result = futures.get(c).join();
            measured |= record(starts[c], result);
            if (result instanceof StoreResult.Committed<SessionRecord> ok) {
                winners++;
                winner = ok.value();
            } else if (result instanceof StoreResult.Unknown) {
                unknowns++;
            }
        }
        if (measured) {
            rounds.increment();
            // A round whose outcome is partly unknown proves nothing either way; any other round needs one winner.
            if (winners > 1 || (winners == 0 && unknowns == 0)) {
                badRounds.increment();
            }
        }
        if (winners == 1) {
            slot.committed(winner, nodes.size());
        } else {
            slot.resync(store);
        }
    }

    /** Counts one attempt if it ended inside the measured window; returns whether it did. */
    private boolean record(long startNanos, StoreResult<SessionRecord> result) {
        long now = System.nanoTime();
        if (now < measureStartNanos || now > endNanos) {
            return false;
        }
        attempts.increment();
        latencyMicros.recordValue(Math.max(1, (now - startNanos) / 1_000));
        switch (result) {
            case StoreResult.Committed<SessionRecord> ignored -> commits.increment();
            case StoreResult.Rejected<SessionRecord> r
            when r.code() == StoreRejectCode.OWNERSHIP_CONFLICT -> conflicts.increment();
            case StoreResult.Rejected<SessionRecord> r -> rejected.get(r.code()).increment();
            case StoreResult.Unknown<SessionRecord> ignored -> unknown.increment();
        }
        return true;
    }

    private void printProgress() {
        long now = System.nanoTime();
        if (now < measureStartNanos) {
            progress.println("  warming up...");
            return;
        }
        double elapsed = (Math.min(now, endNanos) - measureStartNanos) / 1e9;
        progress.printf(
                "  [%6.1fs] attempts=%d commits=%d (%.0f/s) conflicts=%d rejected=%d unknown=%d%n",
                elapsed,
                attempts.sum(),
                commits.sum(),
                elapsed > 0 ? commits.sum() / elapsed : 0.0,
                conflicts.sum(),
                rejected.values().stream().mapToLong(LongAdder::sum).sum(),
                unknown.sum());
    }

    private StoreBenchReport report(String mode, String target, double seconds) {
        var histogram = latencyMicros.getIntervalHistogram();
        var codes = new java.util.TreeMap<String, Long>();
        rejected.forEach((code, count) -> {
            if (count.sum() > 0) {
                codes.put(code.name(), count.sum());
            }
        });
        return new StoreBenchReport(
                mode,
                target,
                settings.sessions(),
                settings.contenders(),
                settings.concurrency(),
                attempts.sum(),
                commits.sum(),
                conflicts.sum(),
                codes,
                unknown.sum(),
                rounds.sum(),
                badRounds.sum(),
                Math.round(seconds * 1000) / 1000.0,
                seconds > 0 ? Math.round(commits.sum() / seconds * 10) / 10.0 : 0,
                new StoreBenchReport.Latency(
                        millis(histogram.getValueAtPercentile(50)),
                        millis(histogram.getValueAtPercentile(99)),
                        millis(histogram.getMaxValue())));
    }

    private static double millis(long micros) {
        return Math.round(micros) / 1000.0;
    }

    /** One session as a lane sees it. Only its lane touches it after creation. */
    private final class Slot {
        final SessionId id;
        final Binding binding;
        long version;
        long nonce;
        long requests;

        Slot(SessionId id, Binding binding) {
            this.id = id;
            this.binding = binding;
        }

        ReattachCommit nextRequest(NodeRef node, int contender) {
            requests++;
            return new ReattachCommit(
                    id, version, nonce + contender, new RequestId("r-" + id + "-" + requests), node, binding);
        }

        void committed(SessionRecord record, int noncesUsed) {
            version = record.version();
            nonce += noncesUsed;
        }

        /** After a refusal or an unknown outcome: learn the stored version and nonce before the next round. */
        void resync(SessionStore store) {
            var read = store.read(id).toCompletableFuture().join();
            switch (read) {
                case ReadResult.Found found -> {
                    version = found.record().version();
                    nonce = Math.max(nonce, found.record().lastNonce());
                }
                case ReadResult.Absent ignored -> fatal.compareAndSet(null, "session " + id + " disappeared");
                case ReadResult.Corrupt corrupt ->
                    fatal.compareAndSet(null, "session " + id + " is corrupt in the store: " + corrupt.detail());
                case ReadResult.Unavailable ignored -> pause();
            }
        }

        private void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
