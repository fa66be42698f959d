package io.jumpingvpn.agent.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentListener;
import io.jumpingvpn.agent.history.AgentHistory;
import io.jumpingvpn.agent.history.HistoryLine;
import io.jumpingvpn.protocol.state.Transition;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent's events go: its listener, its history (if any) and the log. Runs on the agent's loop; never blocks
 * (the history queues, the listener is documented not to block).
 */
final class Emitter {

    private static final Logger LOG = LoggerFactory.getLogger("io.jumpingvpn.agent");

    private final String agent;
    private final AgentListener listener;
    private final Optional<AgentHistory> history;

    Emitter(String agent, AgentListener listener, Optional<AgentHistory> history) {
        this.agent = requireNonNull(agent, "agent");
        this.listener = requireNonNull(listener, "listener");
        this.history = requireNonNull(history, "history");
    }

    void event(AgentEvent event) {
        LOG.debug("{}: {}", agent, event);
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed on {}", agent, event, e);
        }
    }

    /** A state change: the listener's event and the history's {@code state} line. */
    void stateChanged(long nowNanos, String session, Transition transition) {
        event(new AgentEvent.StateChanged(
                nowNanos,
                transition.from(),
                transition.to(),
                transition.event(),
                transition.version(),
                transition.status() == Transition.Status.COMMITTED));
        line(HistoryLine.state(nowNanos, agent, session, transition.to(), transition.version()));
    }

    void attached(long nowNanos, String session, long version, String node) {
        line(HistoryLine.attached(nowNanos, agent, session, version, node));
    }

    void accepted(long nowNanos, String session, long version, String node) {
        line(HistoryLine.accept(nowNanos, agent, session, version, node));
    }

    void rejectedFrame(long nowNanos, String session, long version, String node, String why) {
        line(HistoryLine.rejectFrame(nowNanos, agent, session, version, node, why));
    }

    void terminated(long nowNanos, String session, String code, long version) {
        line(HistoryLine.terminated(nowNanos, agent, session, code, version));
    }

    private void line(HistoryLine line) {
        history.ifPresent(h -> h.append(line));
    }

    long historyDropped() {
        return history.map(AgentHistory::dropped).orElse(0L);
    }

    Logger log() {
        return LOG;
    }
}
