package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.SwitchOutcome;
import io.jumpingvpn.agent.history.AgentHistory;
import io.jumpingvpn.chaos.recording.Anomalies;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.Candidate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The real agents of a run, all in this process, sharing one history file ({@code agents/agents.jsonl}). Each agent is
 * configured with every node (its relay), rotated so that births spread over the nodes. While the fleet runs:
 *
 * <ul>
 *   <li>traffic: every attached agent sends a small datagram every {@link #TRAFFIC_PERIOD_MS} ms through the tunnel; the
 *       echoes are counted (so the checker sees sessions alive: accept lines);
 *   <li>actions, drawn from the seed, on average one per agent every {@link #ACTION_PERIOD_PER_AGENT_MS} ms: kill the
 *       transport (on UDP a NAT rebinding: the recovery reattaches over a new source port), move to a random node
 *       ({@code switchTo}), rebind at the same node ({@code switchTo} the current candidate);
 *   <li>an agent whose session ended (terminated with a code, or never born) is replaced by a new one after a second,
 *       so that the fleet keeps its size.
 * </ul>
 */
public final class AgentFleet implements AutoCloseable {

    static final long TRAFFIC_PERIOD_MS = 50;
    static final long ACTION_PERIOD_PER_AGENT_MS = 4_000;
    static final long REPLACE_AFTER_MS = 1_000;

    /** What the fleet did so far. */
    public record Counts(
            int attached,
            int size,
            long births,
            long ended,
            long echoes,
            long transportKills,
            long moves,
            long rebinds,
            long actionsRefused) {}

    private enum Action {
        KILL_TRANSPORT,
        MOVE,
        REBIND
    }

    private final class Slot {
        final int index;
        int generation;
        Agent agent;
        AgentRecorder recorder;
        long endedAtNanos;

        Slot(int index) {
            this.index = index;
        }

        String name() {
            return generation == 0 ? "agent-" + index : "agent-" + index + "." + generation;
        }
    }

    private final int size;
    private final KeyDirectory.AgentKeys keys;
    private final Policy policy;
    private final List<NodeEndpoint> nodes;
    private final RunHistory history;
    private final Anomalies anomalies;
    private final PrintStream log;
    private final SplittableRandom random;
    private final AgentHistory agentHistory;
    private final Map<String, String> nodeByEndpoint;
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicLong births = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong echoes = new AtomicLong();
    private final AtomicLong transportKills = new AtomicLong();
    private final AtomicLong moves = new AtomicLong();
    private final AtomicLong rebinds = new AtomicLong();
    private final AtomicLong actionsRefused = new AtomicLong();
    private volatile boolean stopped;
    private volatile boolean actionsStopped;
    private Thread traffic;
    private Thread actions;

    /**
     * @param agentFile the shared history file of the fleet's agents
     * @param seed the workload's seed: the actions and their targets are drawn from it
     */
    public AgentFleet(
            int size,
            KeyDirectory.AgentKeys keys,
            Policy policy,
            List<NodeEndpoint> nodes,
            Path agentFile,
            RunHistory history,
            Anomalies anomalies,
            long seed,
            PrintStream log)
            throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("the fleet size must be >= 0, got " + size);
        }
        this.size = size;
        this.keys = requireNonNull(keys, "keys");
        this.policy = requireNonNull(policy, "policy");
        this.nodes = List.copyOf(nodes);
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("agents need at least one node");
        }
        this.history = requireNonNull(history, "history");
        this.anomalies = requireNonNull(anomalies, "anomalies");
        this.log = requireNonNull(log, "log");
        this.random = new SplittableRandom(seed);
        this.nodeByEndpoint = this.nodes.stream().collect(Collectors.toMap(NodeEndpoint::endpoint, NodeEndpoint::node));
        this.agentHistory = AgentHistory.open(requireNonNull(agentFile, "agentFile"));
    }

    /** Starts every agent (births spread over the nodes), the traffic and the actions. */
    public synchronized void start() {
        for (int i = 0; i < size; i++) {
            var slot = new Slot(i);
            slots.add(slot);
            birth(slot);
        }
        traffic = Thread.ofPlatform().daemon().name("chaos-traffic").start(this::trafficLoop);
        actions = Thread.ofPlatform().daemon().name("chaos-actions").start(this::actionLoop);
    }

    private void birth(Slot slot) {
        var name = slot.name();
        var recorder = new AgentRecorder(name, history, nodeByEndpoint, anomalies);
        var builder = AgentConfig.builder()
                .keys(keys)
                .policy(policy)
                .name(name)
                .history(agentHistory)
                .listener(recorder)
                .dataHandler(payload -> echoes.incrementAndGet());
        for (int j = 0; j < nodes.size(); j++) {
            builder.gateway(
                    nodes.get((slot.index + slot.generation + j) % nodes.size()).candidate());
        }
        recorder.birthStarted();
        births.incrementAndGet();
        slot.recorder = recorder;
        slot.endedAtNanos = 0;
        try {
            slot.agent = Agent.start(builder.build());
        } catch (IOException | RuntimeException e) {
            slot.agent = null;
            recorder.failedToStart(e.getMessage());
            log.println("chaos: agent " + name + " did not start: " + e.getMessage());
        }
    }

    private void trafficLoop() {
        var payload = ByteBuffer.allocate(8);
        long sequence = 0;
        while (!stopped) {
            List<Agent> agents;
            synchronized (this) {
                agents = slots.stream()
                        .map(slot -> slot.agent)
                        .filter(agent -> agent != null)
                        .toList();
            }
            for (var agent : agents) {
                payload.clear();
                payload.putLong(sequence++).flip();
                agent.send(payload);
            }
            sleep(TRAFFIC_PERIOD_MS);
        }
    }

    private void actionLoop() {
        long meanGapMs = Math.max(20, ACTION_PERIOD_PER_AGENT_MS / Math.max(1, size));
        while (!stopped) {
            sleep(random.nextLong(meanGapMs / 2, meanGapMs * 3 / 2 + 1));
            if (stopped) {
                return;
            }
            int index = size == 0 ? -1 : random.nextInt(size);
            var action = Action.values()[weighted(random.nextInt(100))];
            var target = nodes.get(random.nextInt(nodes.size()));
            synchronized (this) {
                replaceEnded();
                if (index >= 0 && !actionsStopped) {
                    act(slots.get(index), action, target);
                }
            }
        }
    }

    /** 35 % transport kills, 45 % moves to a random node, 20 % rebinds at the same node. */
    private static int weighted(int roll) {
        return roll < 35 ? 0 : roll < 80 ? 1 : 2;
    }

    private void act(Slot slot, Action action, NodeEndpoint target) {
        var agent = slot.agent;
        if (agent == null || !agent.status().isAttached()) {
            return;
        }
        switch (action) {
            case KILL_TRANSPORT -> {
                agent.killTransport();
                transportKills.incrementAndGet();
            }
            case MOVE -> switchTo(agent, target.candidate(), moves);
            case REBIND -> agent.status().candidate().ifPresent(current -> switchTo(agent, current, rebinds));
        }
    }

    private void switchTo(Agent agent, Candidate candidate, AtomicLong counter) {
        agent.switchTo(candidate).thenAccept(outcome -> {
            if (outcome instanceof SwitchOutcome.Started) {
                counter.incrementAndGet();
            } else {
                actionsRefused.incrementAndGet();
            }
        });
    }

    /** Replaces agents whose session ended at least {@link #REPLACE_AFTER_MS} ago. */
    private void replaceEnded() {
        long now = System.nanoTime();
        for (var slot : slots) {
            var agent = slot.agent;
            boolean over = agent == null || agent.ended().isDone() || slot.recorder.ended();
            if (!over) {
                continue;
            }
            if (slot.endedAtNanos == 0) {
                slot.endedAtNanos = now;
                ended.incrementAndGet();
                continue;
            }
            if (now - slot.endedAtNanos < REPLACE_AFTER_MS * 1_000_000) {
                continue;
            }
            if (agent != null) {
                agent.close();
            }
            slot.recorder.closed();
            slot.generation++;
            birth(slot);
        }
    }

    /** Replaces ended agents now; the action loop does it as it goes, this is for callers that do not wait. */
    public synchronized void supervise() {
        replaceEnded();
    }

    public Counts counts() {
        int attached;
        synchronized (this) {
            attached = (int) slots.stream()
                    .filter(slot -> slot.agent != null && slot.agent.status().isAttached())
                    .count();
        }
        return new Counts(
                attached,
                size,
                births.get(),
                ended.get(),
                echoes.get(),
                transportKills.get(),
                moves.get(),
                rebinds.get(),
                actionsRefused.get());
    }

    /** Stops the actions (traffic goes on, ended agents are still replaced), for the quiet period at the end. */
    public void stopActions() {
        actionsStopped = true;
    }

    /** Stops traffic and actions and closes every agent (TERMINATE with OPERATOR_TERMINATE over a live transport). */
    @Override
    public void close() {
        stopped = true;
        for (var thread : new Thread[] {traffic, actions}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        List<Slot> all;
        synchronized (this) {
            all = List.copyOf(slots);
        }
        for (var slot : all) {
            if (slot.agent != null) {
                slot.agent.close();
            }
            slot.recorder.closed();
        }
        agentHistory.close();
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // close() interrupts to end the loops at once; they check the stop flag next
        }
    }
}
