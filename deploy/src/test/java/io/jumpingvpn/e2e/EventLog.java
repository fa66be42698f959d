package io.jumpingvpn.e2e;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentListener;
import io.jumpingvpn.agent.DataHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** What an agent reported: its events in order, and the payloads it received through the tunnel. */
final class EventLog implements AgentListener, DataHandler {

    final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(AgentEvent event) {
        events.add(event);
    }

    @Override
    public void onData(ByteBuffer payload) {
        var copy = new byte[payload.remaining()];
        payload.get(copy);
        received.add(copy);
    }

    <E extends AgentEvent> List<E> all(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<AgentEvent.StateChanged> stateChanges() {
        return all(AgentEvent.StateChanged.class);
    }
}
