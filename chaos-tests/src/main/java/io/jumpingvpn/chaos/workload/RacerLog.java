package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.JsonLinesWriter;
import io.jumpingvpn.chaos.history.SessionStateName;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent-side history lines of one racer (docs/chaos.md, {@code agents/<agent-process>.jsonl}), written to the file
 * all racers share. {@code accept} lines are sampled as the format asks: the first frame of every (node, version),
 * then at least one per 100 ms while frames arrive.
 */
final class RacerLog {

    private static final long ACCEPT_SAMPLE_NANOS = 100_000_000L;

    private final String agent;
    private final JsonLinesWriter<AgentEvent> writer;
    private final AtomicReference<String> failure;
    private String lastAcceptKey = "";
    private long lastAcceptNanos;

    RacerLog(String agent, JsonLinesWriter<AgentEvent> writer, AtomicReference<String> failure) {
        this.agent = requireNonNull(agent, "agent");
        this.writer = requireNonNull(writer, "writer");
        this.failure = requireNonNull(failure, "failure");
    }

    void attached(String session, long version, NodeEndpoint node) {
        write(AgentEvent.attached(System.nanoTime(), agent, session, version, node.historyToken()));
    }

    void accepted(String session, long version, NodeEndpoint node) {
        long now = System.nanoTime();
        var key = node.historyToken() + "@" + version + "@" + session;
        if (key.equals(lastAcceptKey) && now - lastAcceptNanos < ACCEPT_SAMPLE_NANOS) {
            return;
        }
        lastAcceptKey = key;
        lastAcceptNanos = now;
        write(AgentEvent.accept(now, agent, session, version, node.historyToken()));
    }

    void rejectedFrame(String session, long version, NodeEndpoint node, String why) {
        write(AgentEvent.rejectFrame(System.nanoTime(), agent, session, version, node.historyToken(), why));
    }

    void state(String session, SessionStateName state, long version) {
        write(AgentEvent.state(System.nanoTime(), agent, session, state, version));
    }

    void terminated(String session, String code, long version) {
        write(AgentEvent.terminated(System.nanoTime(), agent, session, code, version));
    }

    private void write(AgentEvent event) {
        try {
            writer.append(event);
        } catch (IOException e) {
            failure.compareAndSet(null, "cannot write " + writer.path() + ": " + e.getMessage());
        }
    }
}
