package io.jumpingvpn.chaos.testing;

import static io.jumpingvpn.chaos.testing.HistoryDir.at;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.ProcessExit;
import io.jumpingvpn.chaos.history.SessionStateName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates, from a seed, the history of a correct three-node cluster: agents attach, reattach across nodes (and to
 * the same node, like a NAT rebinding), get stale and unknown answers, one session is terminated by an operator and a
 * new one is born; a node is killed and restarted, a node is paused past its lease, and a third fault of either kind
 * follows. The simulated gateway is safe: a node binds a session only after the previous holder unbound it, was
 * killed, or lost its lease proof; a node forwards only with a live lease proof. Its history must pass the checker.
 */
public final class SimulatedRun {

    public static final double END_MS = 60_000;
    private static final long TICK_MS = 50;
    private static final long LEASE_MS = HistoryDir.LEASE_MS;
    private static final long MARGIN_MS = 500;
    private static final long DETECT_MS = 1_000;

    private static final class Node {
        final String id;
        long epoch;
        boolean dead;
        boolean paused;
        long resumeAt;
        long lastRenewal = Long.MIN_VALUE / 2;
        long validUntil;
        /** Session to the version it was bound at. */
        final Map<String, Long> bound = new LinkedHashMap<>();

        Node(String id, long epoch) {
            this.id = id;
            this.epoch = epoch;
        }

        boolean usable(long t) {
            return !dead && !paused && t < validUntil;
        }
    }

    private static final class Agent {
        final String id;
        final int index;
        int generation = 1;
        String session;
        long version;
        Node node;
        SessionStateName state = SessionStateName.BIRTH;
        long opId;
        long busyUntil;
        long detectAt = Long.MAX_VALUE;

        Agent(int index) {
            this.index = index;
            this.id = "agent-" + index;
            this.session = "s" + index + "-1";
        }
    }

    private final Random random;
    private final HistoryDir out;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private long nextEpoch = 1;
    private int faultIds;

    private SimulatedRun(long seed, Path dir) {
        this.random = new Random(seed);
        this.out = new HistoryDir(dir);
        for (var id : List.of("n1", "n2", "n3")) {
            nodes.add(new Node(id, nextEpoch++));
        }
        for (int i = 0; i < 4; i++) {
            agents.add(new Agent(i));
        }
        out.run(HistoryDir.run(nodes.stream().map(node -> node.id).toList(), agents.size(), END_MS));
    }

    /** The history of one simulated run; not written yet. */
    public static HistoryDir generate(long seed, Path dir) {
        var simulation = new SimulatedRun(seed, dir);
        simulation.simulate();
        return simulation.out;
    }

    private void simulate() {
        long[] faultTimes = {
            8_000 + random.nextInt(2_000), 20_000 + random.nextInt(3_000), 32_000 + random.nextInt(3_000)
        };
        String[] faultKinds = {"kill-node", "pause-node", random.nextBoolean() ? "kill-node" : "pause-node"};
        int nextFault = 0;
        long terminateAt = 14_000 + random.nextInt(4_000);
        for (long tick = 0; tick <= END_MS; tick += TICK_MS) {
            final long t = tick;
            for (var node : nodes) {
                maintain(node, t);
            }
            boolean idle = agents.stream().allMatch(agent -> agent.busyUntil < t)
                    && nodes.stream().noneMatch(node -> node.dead || node.paused);
            if (nextFault < faultTimes.length && t >= faultTimes[nextFault] && idle && t < 38_000) {
                inject(faultKinds[nextFault], t);
                nextFault++;
            }
            for (var agent : agents) {
                if (t == 100 + agent.index * TICK_MS) {
                    attach(agent, t);
                } else if (agent.index == 0
                        && t >= terminateAt
                        && agent.busyUntil < t
                        && agent.node != null
                        && agent.state == SessionStateName.ATTACHED
                        && agent.node.usable(t)) {
                    terminateAndRebirth(agent, t);
                    terminateAt = Long.MAX_VALUE;
                } else {
                    step(agent, t);
                }
            }
        }
    }

    private void maintain(Node node, long t) {
        if (node.dead && t >= node.resumeAt) {
            node.dead = false;
            node.epoch = nextEpoch++;
            renew(node, t);
            out.add(FaultEvent.end(at(t), "kill-node", node.id, "f" + faultIds), new Heal(at(t + 1)));
            return;
        }
        if (node.paused && t >= node.resumeAt) {
            node.paused = false;
            out.add(FaultEvent.end(at(t), "pause-node", node.id, "f" + faultIds), new Heal(at(t + 1)));
            // Resumed past its lease: it finds the proof lapsed, drops every binding and registers anew.
            node.bound.forEach((session, version) ->
                    out.node(NodeEvent.unbind(at(t + 2), node.id, node.epoch, session, version, "lease-lost")));
            node.bound.clear();
            node.epoch = nextEpoch++;
            renew(node, t + 3);
            return;
        }
        if (!node.dead && !node.paused && t - node.lastRenewal >= LEASE_MS / 3) {
            renew(node, t);
        }
    }

    private void renew(Node node, long t) {
        node.lastRenewal = t;
        node.validUntil = t + LEASE_MS - MARGIN_MS;
        out.node(NodeEvent.lease(at(t), node.id, node.epoch, at(node.validUntil)));
    }

    private void inject(String kind, long t) {
        var target = nodes.stream()
                .max((a, b) -> Integer.compare(a.bound.size(), b.bound.size()))
                .orElseThrow();
        var id = "f" + ++faultIds;
        out.add(FaultEvent.start(at(t), kind, target.id, id));
        if (kind.equals("kill-node")) {
            out.add(ProcessExit.ofNode(at(t + 1), target.id, "KILL"));
            target.dead = true;
            target.bound.clear();
            target.resumeAt = t + 3_000;
        } else {
            target.paused = true;
            target.resumeAt = t + LEASE_MS + 2_000;
        }
        for (var agent : agents) {
            if (agent.node == target) {
                agent.detectAt = t + DETECT_MS;
            }
        }
    }

    private void step(Agent agent, long t) {
        if (agent.busyUntil >= t || agent.node == null || agent.state == SessionStateName.TERMINATED) {
            return;
        }
        if (agent.state == SessionStateName.ATTACHED && t >= agent.detectAt) {
            agent.detectAt = Long.MAX_VALUE;
            agent.state = SessionStateName.RECOVERING;
            out.agent(AgentEvent.state(at(t), agent.id, agent.session, SessionStateName.RECOVERING, agent.version));
            return;
        }
        if (agent.state == SessionStateName.RECOVERING) {
            var target = pickUsable(t, agent.node);
            if (target != null) {
                reattach(agent, target, t);
            }
            return;
        }
        if (t % 100 == 0 && agent.node.usable(t)) {
            out.node(NodeEvent.forward(at(t), agent.node.id, agent.node.epoch, agent.session, agent.version));
            out.agent(AgentEvent.accept(at(t + 1), agent.id, agent.session, agent.version, agent.node.id));
        }
        double dice = random.nextDouble();
        if (dice < 0.01) {
            var target = pickUsable(t, null);
            if (target != null && agent.node.usable(t)) {
                reattach(agent, target, t);
            }
        } else if (dice < 0.013 && agent.version >= 2) {
            var stale = Operation.invoke(at(t), agent.id, "reattach", ++agent.opId)
                    .withSession(agent.session)
                    .withNode(agent.node.id)
                    .withExpectedVersion(agent.version - 1);
            out.add(stale, stale.fail(at(t + 3), "STALE_VERSION"));
        } else if (dice < 0.015) {
            var lost = Operation.invoke(at(t), agent.id, "reattach", ++agent.opId)
                    .withSession(agent.session)
                    .withNode(agent.node.id)
                    .withExpectedVersion(agent.version + 7);
            out.add(lost, lost.info(at(t + 800), "timeout"));
        }
    }

    /** A usable node, preferring one other than {@code avoid}; null when none is usable. */
    private Node pickUsable(long t, Node avoid) {
        var usable = nodes.stream()
                .filter(node -> node.usable(t + 10) && node != avoid)
                .toList();
        return usable.isEmpty() ? null : usable.get(random.nextInt(usable.size()));
    }

    private void attach(Agent agent, long t) {
        var target = pickUsable(t, null);
        var invoke = Operation.invoke(at(t), agent.id, "attach", ++agent.opId)
                .withSession(agent.session)
                .withNode(target.id);
        out.add(invoke);
        out.node(
                NodeEvent.version(at(t + 4), target.id, target.epoch, agent.session, 1),
                NodeEvent.bind(at(t + 5), target.id, target.epoch, agent.session, 1));
        target.bound.put(agent.session, 1L);
        out.add(invoke.ok(at(t + 6), 1));
        out.agent(AgentEvent.attached(at(t + 7), agent.id, agent.session, 1, target.id));
        agent.node = target;
        agent.version = 1;
        agent.state = SessionStateName.ATTACHED;
        agent.busyUntil = t + 7;
    }

    private void reattach(Agent agent, Node target, long t) {
        var old = agent.node;
        long newVersion = agent.version + (agent.state == SessionStateName.RECOVERING ? 1 : 2);
        var invoke = Operation.invoke(at(t), agent.id, "reattach", ++agent.opId)
                .withSession(agent.session)
                .withNode(target.id)
                .withExpectedVersion(agent.version);
        out.add(invoke);
        out.node(NodeEvent.version(at(t + 5), target.id, target.epoch, agent.session, newVersion));
        long bindAt = t + 7;
        if (old.bound.containsKey(agent.session) && !old.dead && !old.paused) {
            out.node(NodeEvent.unbind(at(t + 6), old.id, old.epoch, agent.session, agent.version, "moved"));
            old.bound.remove(agent.session);
        } else if (old.paused && old.bound.containsKey(agent.session)) {
            // The safe gateway waits until the silent holder can no longer prove its lease.
            bindAt = Math.max(bindAt, old.validUntil);
        }
        out.node(NodeEvent.bind(at(bindAt), target.id, target.epoch, agent.session, newVersion));
        target.bound.put(agent.session, newVersion);
        out.add(invoke.ok(at(bindAt + 1), newVersion));
        out.agent(AgentEvent.attached(at(bindAt + 2), agent.id, agent.session, newVersion, target.id));
        agent.node = target;
        agent.version = newVersion;
        agent.state = SessionStateName.ATTACHED;
        agent.busyUntil = bindAt + 2;
    }

    private void terminateAndRebirth(Agent agent, long t) {
        var node = agent.node;
        long ended = agent.version + 1;
        var terminate = Operation.invoke(at(t), agent.id, "terminate", ++agent.opId)
                .withSession(agent.session)
                .withNode(node.id)
                .withExpectedVersion(agent.version);
        out.add(terminate);
        out.node(
                NodeEvent.version(at(t + 2), node.id, node.epoch, agent.session, ended),
                NodeEvent.unbind(at(t + 3), node.id, node.epoch, agent.session, ended, "terminated"));
        node.bound.remove(agent.session);
        out.add(terminate.ok(at(t + 3), ended));
        out.agent(AgentEvent.terminated(at(t + 4), agent.id, agent.session, "OPERATOR_TERMINATE", ended));
        agent.generation++;
        agent.session = "s" + agent.index + "-" + agent.generation;
        attach(agent, t + 200);
    }
}
