package io.jumpingvpn.chaos.nemesis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.cluster.ChaosCluster;
import io.jumpingvpn.chaos.cluster.ClusterException;
import io.jumpingvpn.chaos.cluster.NodeHandle;
import io.jumpingvpn.chaos.cluster.RedisBackend;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.ProcessExit;
import io.jumpingvpn.chaos.node.NodeProtocol;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.testkit.proxy.FaultMode;
import io.jumpingvpn.testkit.proxy.FaultProxy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Injects and heals the planned faults on the cluster, each at its planned moment (or as soon after as its target is
 * free), and records them: {@code fault_start} just before a fault is injected, {@code fault_end} once it is healed
 * (a killed node serves again, Redis answers again), {@code process_exit} when a node was killed, and {@code heal}
 * whenever no fault is left active. Every fault is healed before its thread ends, even when the run is stopped early.
 */
public final class Nemesis implements AutoCloseable {

    /** How long healing a fault may take (a node restart, a Redis restart, a failover) before the run is broken. */
    static final Duration HEAL_TIMEOUT = Duration.ofSeconds(120);

    private final ChaosCluster cluster;
    private final RunHistory history;
    private final long runStartNanos;
    private final PrintStream log;
    private final Map<String, ReentrantLock> targets = new ConcurrentHashMap<>();
    private final Map<String, FaultPlan> active = new LinkedHashMap<>();
    private final Map<NemesisKind, Integer> injected = new EnumMap<>(NemesisKind.class);
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Consumer<FaultPlan> inEffect = plan -> {};
    private long lastHealNanos = -1;
    private int finished;
    private int planned;

    public Nemesis(ChaosCluster cluster, RunHistory history, long runStartNanos, PrintStream log) {
        this.cluster = requireNonNull(cluster, "cluster");
        this.history = requireNonNull(history, "history");
        this.runStartNanos = runStartNanos;
        this.log = requireNonNull(log, "log");
    }

    /** Starts one thread per planned fault; each sleeps until its moment. */
    public synchronized void start(List<FaultPlan> plans) {
        planned += plans.size();
        for (var plan : plans) {
            threads.add(Thread.ofVirtual().name("chaos-nemesis-" + plan.id()).start(() -> run(plan)));
        }
    }

    private void run(FaultPlan plan) {
        try {
            sleepUntil(runStartNanos + TimeUnit.MILLISECONDS.toNanos(plan.startMs()));
            if (stopping) {
                return;
            }
            var lock = targets.computeIfAbsent(plan.target(), target -> new ReentrantLock());
            lock.lock();
            try {
                if (!stopping) {
                    inject(plan);
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            problems.add(plan + ": " + e.getMessage());
            log.println("chaos: nemesis " + plan + " failed: " + e.getMessage());
        } finally {
            synchronized (this) {
                finished++;
                notifyAll();
            }
        }
    }

    /** Injects, waits its length, heals. The heal runs even if the wait is interrupted. */
    private void inject(FaultPlan plan) throws InterruptedException {
        var length = Duration.ofMillis(plan.lengthMs());
        switch (plan.kind()) {
            case PARTITION_REDIS -> proxyFault(plan, FaultMode.BLACKHOLE, length);
            case SLOW_REDIS -> proxyFault(plan, FaultMode.delay(Duration.ofMillis(plan.amount())), length);
            case RESET_REDIS -> proxyFault(plan, FaultMode.RESET, length);
            case DROP_REDIS_REPLIES -> proxyFault(plan, FaultMode.DROP_REPLIES, length);
            case IPTABLES_REDIS -> iptables(plan, length);
            case PARTITION_AGENTS -> partitionAgents(plan, length);
            case KILL_NODE -> killNode(plan, length);
            case PAUSE_NODE -> pauseNode(plan, length);
            case CLOCK_SKEW -> clockSkew(plan, length);
            case KILL_REDIS -> killRedis(plan, length, true);
            case RESTART_REDIS_EMPTY -> killRedis(plan, length, false);
            case FAILOVER_REDIS -> failover(plan);
        }
    }

    private void proxyFault(FaultPlan plan, FaultMode mode, Duration length) throws InterruptedException {
        var proxy = node(plan).proxy().orElseThrow(() -> new ClusterException(plan.kind() + " needs a fault proxy"));
        began(plan);
        try {
            proxy.setMode(mode);
            inEffect(plan);
            Thread.sleep(length);
        } finally {
            healProxy(proxy, mode);
            ended(plan);
        }
    }

    private static void healProxy(FaultProxy proxy, FaultMode mode) {
        if (mode == FaultMode.DROP_REPLIES) {
            // A connection that lost replies is out of step with its client: abort it before trusting it again.
            proxy.setMode(FaultMode.RESET);
            sleepQuietly(Duration.ofMillis(100));
        }
        proxy.setMode(FaultMode.PASS);
    }

    private void iptables(FaultPlan plan, Duration length) throws InterruptedException {
        var node = node(plan);
        var namespace = node.namespace().orElseThrow(() -> new ClusterException(plan.kind() + " needs namespaces"));
        int port = node.namespaceRedisPort().orElseThrow();
        began(plan);
        try {
            namespace.dropTcpToHost(port);
            inEffect(plan);
            Thread.sleep(length);
        } finally {
            namespace.restore();
            ended(plan);
        }
    }

    private void partitionAgents(FaultPlan plan, Duration length) throws InterruptedException {
        var relay = node(plan).relay();
        began(plan);
        try {
            relay.blackhole(true);
            inEffect(plan);
            Thread.sleep(length);
        } finally {
            relay.blackhole(false);
            ended(plan);
        }
    }

    private void killNode(FaultPlan plan, Duration length) throws InterruptedException {
        var node = node(plan);
        began(plan);
        try {
            cluster.killNode(node.id());
            history.append(ProcessExit.ofNode(System.nanoTime(), node.id(), "KILL"));
            inEffect(plan);
            Thread.sleep(length);
        } finally {
            restart(node);
            ended(plan);
        }
    }

    /** Starts a killed node again, retrying while it cannot register (Redis may be down by another fault). */
    private void restart(NodeHandle node) {
        long deadline = System.nanoTime() + HEAL_TIMEOUT.toNanos();
        while (true) {
            try {
                var ready = cluster.restartNode(node.id());
                log.println("chaos: node " + node.id() + " restarted (epoch " + ready.epoch() + ")");
                return;
            } catch (ClusterException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new ClusterException(
                            "node " + node.id() + " could not be restarted within " + HEAL_TIMEOUT.toSeconds() + " s: "
                                    + e.getMessage(),
                            e);
                }
                log.println("chaos: restarting node " + node.id() + " failed, trying again: " + e.getMessage());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    private void pauseNode(FaultPlan plan, Duration length) throws InterruptedException {
        var process = node(plan).process();
        began(plan);
        try {
            process.pause();
            inEffect(plan);
            Thread.sleep(length);
        } finally {
            if (process.paused()) {
                process.resume();
            }
            ended(plan);
        }
    }

    private void clockSkew(FaultPlan plan, Duration length) throws InterruptedException {
        var process = node(plan).process();
        began(plan);
        try {
            process.send(NodeProtocol.clockOffsetCommand(plan.amount()));
            Thread.sleep(length);
        } finally {
            process.send(NodeProtocol.clockOffsetCommand(0));
            ended(plan);
        }
    }

    private void killRedis(FaultPlan plan, Duration length, boolean keepData) throws InterruptedException {
        if (!(cluster.redis() instanceof RedisBackend.Standalone redis)) {
            throw new ClusterException(plan.kind() + " needs standalone Redis");
        }
        began(plan);
        try {
            redis.kill();
            Thread.sleep(length);
        } finally {
            redis.restart(keepData);
            ended(plan);
        }
    }

    private void failover(FaultPlan plan) {
        if (!(cluster.redis() instanceof RedisBackend.Sentinel redis)) {
            throw new ClusterException(plan.kind() + " needs Redis with Sentinel");
        }
        began(plan);
        try {
            redis.failover(HEAL_TIMEOUT);
        } finally {
            ended(plan);
        }
    }

    private NodeHandle node(FaultPlan plan) {
        return cluster.node(plan.target());
    }

    private void began(FaultPlan plan) {
        synchronized (this) {
            active.put(plan.id(), plan);
            injected.merge(plan.kind(), 1, Integer::sum);
            history.append(FaultEvent.start(System.nanoTime(), plan.kind().id(), plan.target(), plan.id()));
        }
    }

    /** The fault of {@code plan} is in effect now: tells the listener. */
    private void inEffect(FaultPlan plan) {
        inEffect.accept(plan);
    }

    /**
     * Tells {@code listener} of every fault of a node (partitioned from Redis or the agents, paused, killed) once it is
     * in effect, on the nemesis thread: it must not block.
     */
    public void onFaultInEffect(Consumer<FaultPlan> listener) {
        inEffect = requireNonNull(listener, "listener");
    }

    private synchronized void ended(FaultPlan plan) {
        long now = System.nanoTime();
        active.remove(plan.id());
        history.append(FaultEvent.end(now, plan.kind().id(), plan.target(), plan.id()));
        if (active.isEmpty()) {
            long healed = System.nanoTime();
            history.append(new Heal(healed));
            lastHealNanos = healed;
        }
    }

    /** The faults active now, as {@code kind@target}. */
    public synchronized List<String> activeFaults() {
        return active.values().stream()
                .map(p -> p.kind().id() + "@" + p.target())
                .toList();
    }

    /** Faults injected so far, by kind. */
    public synchronized Map<NemesisKind, Integer> injected() {
        return new EnumMap<>(injected);
    }

    /** When the last heal was recorded (CLOCK_MONOTONIC), or -1. */
    public synchronized long lastHealNanos() {
        return lastHealNanos;
    }

    /** What went wrong while injecting or healing (a node that would not restart, ...). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Waits until every planned fault has run and been healed; false if that takes longer than {@code timeout}. */
    public synchronized boolean awaitAllHealed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished < planned || !active.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Stops faults that have not started; the running ones are interrupted and heal themselves. */
    @Override
    public void close() {
        stopping = true;
        List<Thread> all;
        synchronized (this) {
            all = List.copyOf(threads);
        }
        all.forEach(Thread::interrupt);
        for (var thread : all) {
            try {
                thread.join(HEAL_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
