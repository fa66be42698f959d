package io.jumpingvpn.agent.testing;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentListener;
import io.jumpingvpn.agent.DataHandler;
import io.jumpingvpn.protocol.state.SessionState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** Collects an agent's events and the data it delivers, for assertions from the test thread. */
public final class Recorder implements AgentListener, DataHandler {

    public final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    public final BlockingQueue<byte[]> data = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(AgentEvent event) {
        events.add(event);
    }

    @Override
    public void onData(ByteBuffer payload) {
        var copy = new byte[payload.remaining()];
        payload.get(copy);
        data.add(copy);
    }

    public <E extends AgentEvent> List<E> all(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The states the session went through, in order. */
    public List<SessionState> states() {
        return all(AgentEvent.StateChanged.class).stream()
                .map(AgentEvent.StateChanged::to)
                .toList();
    }

    /** The versions of the state changes, in order. */
    public List<Long> stateVersions() {
        return all(AgentEvent.StateChanged.class).stream()
                .map(AgentEvent.StateChanged::version)
                .toList();
    }
}
