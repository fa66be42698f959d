package io.jumpingvpn.deploy.bench.cluster.failure;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentListener;
import io.jumpingvpn.agent.DataHandler;
import io.jumpingvpn.protocol.wire.Candidate;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What every agent of the fleet saw around the failure, recorded from its own callbacks (on its loop): when it lost
 * its transport, when a reattach at another node than the failed one was accepted (and where), and when the first echo
 * of a datagram sent after the failure came back. Times are {@code System.nanoTime()}, the agents' own clock; 0 means
 * not yet. A probe datagram carries the instant it was sent, so an echo is attributed to before or after the failure
 * exactly. Right after its reattach elsewhere an agent sends one probe at once: the new owner keeps it while it holds
 * the session, so its echo marks the instant forwarding resumed.
 */
final class RecoveryTracker {

    static final int PROBE_BYTES = 16;

    private final List<Candidate> nodes;
    private final Candidate failed;
    private final AtomicReferenceArray<Agent> agents;
    private final AtomicLongArray lost;
    private final AtomicLongArray attached;
    private final AtomicIntegerArray attachedAt;
    private final AtomicLongArray flowing;
    private final AtomicLongArray echoes;
    private final AtomicLong terminated = new AtomicLong();
    private volatile long failureNanos = Long.MAX_VALUE;

    RecoveryTracker(int agents, List<Candidate> nodes, Candidate failed) {
        this.nodes = List.copyOf(nodes);
        this.failed = requireNonNull(failed, "failed");
        this.agents = new AtomicReferenceArray<>(agents);
        this.lost = new AtomicLongArray(agents);
        this.attached = new AtomicLongArray(agents);
        this.attachedAt = new AtomicIntegerArray(agents);
        this.flowing = new AtomicLongArray(agents);
        this.echoes = new AtomicLongArray(agents);
    }

    void register(int index, Agent agent) {
        agents.set(index, requireNonNull(agent, "agent"));
    }

    /** From now on events count as after the failure; call just before the node is signalled. */
    long arm() {
        long now = System.nanoTime();
        failureNanos = now;
        return now;
    }

    AgentListener listener(int index) {
        return event -> {
            if (event instanceof AgentEvent.Terminated) {
                terminated.incrementAndGet();
                return;
            }
            if (event.monoNanos() < failureNanos) {
                return;
            }
            switch (event) {
                case AgentEvent.TransportLost loss -> lost.compareAndSet(index, 0, loss.monoNanos());
                case AgentEvent.TransportSwitched switched
                when !switched.current().equals(failed) -> {
                    if (attached.compareAndSet(index, 0, switched.monoNanos())) {
                        attachedAt.set(index, nodes.indexOf(switched.current()));
                        var agent = agents.get(index);
                        if (agent != null) {
                            agent.send(probe(index));
                        }
                    }
                }
                default -> {}
            }
        };
    }

    DataHandler dataHandler(int index) {
        return payload -> {
            if (payload.remaining() != PROBE_BYTES) {
                return;
            }
            echoes.incrementAndGet(index);
            long sent = payload.getLong(payload.position());
            if (sent >= failureNanos && flowing.get(index) == 0) {
                flowing.compareAndSet(index, 0, System.nanoTime());
            }
        };
    }

    /** A probe datagram of agent {@code index}, stamped now. */
    static ByteBuffer probe(int index) {
        return ByteBuffer.allocate(PROBE_BYTES).putLong(0, System.nanoTime()).putLong(8, index);
    }

    int size() {
        return lost.length();
    }

    long lostAt(int index) {
        return lost.get(index);
    }

    long attachedAt(int index) {
        return attached.get(index);
    }

    /** The node index the agent reattached at after the failure, or -1. */
    int attachedNode(int index) {
        return attached.get(index) == 0 ? -1 : attachedAt.get(index);
    }

    long flowingAt(int index) {
        return flowing.get(index);
    }

    long echoes(int index) {
        return echoes.get(index);
    }

    long terminated() {
        return terminated.get();
    }

    /** How many agents reached a point after the failure. */
    int attachedCount() {
        return count(attached);
    }

    int flowingCount() {
        return count(flowing);
    }

    private static int count(AtomicLongArray times) {
        int reached = 0;
        for (int i = 0; i < times.length(); i++) {
            if (times.get(i) != 0) {
                reached++;
            }
        }
        return reached;
    }
}
