package io.jumpingvpn.cluster;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentListener;
import io.jumpingvpn.agent.DataHandler;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.Candidate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Real agents of a test, each with its history file in the run directory, and the traffic they send. */
final class AgentFleet implements AutoCloseable {

    /** One agent with what it reported. */
    record RunningAgent(String name, Agent agent, List<AgentEvent> events, AtomicLong received) {
        String sessionId() {
            return agent.status().sessionId().orElseThrow();
        }

        boolean send(byte[] payload) {
            return agent.send(ByteBuffer.wrap(payload));
        }

        /** The candidate the agent is attached over, if it is attached. */
        Candidate candidate() {
            return agent.status().candidate().orElseThrow();
        }
    }

    private final KeyDirectory.AgentKeys keys;
    private final Policy policy;
    private final RunDirectory run;
    final List<RunningAgent> agents = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService traffic;

    AgentFleet(KeyDirectory.AgentKeys keys, Policy policy, RunDirectory run) {
        this.keys = keys;
        this.policy = policy;
        this.run = run;
    }

    RunningAgent start(String name, Candidate... candidates) {
        var events = new CopyOnWriteArrayList<AgentEvent>();
        var received = new AtomicLong();
        var builder = AgentConfig.builder()
                .keys(keys)
                .policy(policy)
                .name(name)
                .historyFile(run.agentHistory(name))
                .listener((AgentListener) events::add)
                .dataHandler((DataHandler) payload -> received.incrementAndGet());
        for (var candidate : candidates) {
            builder.gateway(candidate);
        }
        try {
            var running = new RunningAgent(name, Agent.start(builder.build()), events, received);
            agents.add(running);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every agent sends a small datagram every {@code periodMillis}, so that data flows both ways all the time. */
    void sendContinuously(long periodMillis) {
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(
                () -> agents.forEach(agent -> agent.send(new byte[] {7})), 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (traffic != null) {
            traffic.shutdownNow();
        }
        agents.forEach(agent -> agent.agent().close());
    }
}
