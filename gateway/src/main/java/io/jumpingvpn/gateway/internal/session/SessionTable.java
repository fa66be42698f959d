package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.protocol.state.SessionState;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions this node holds, by their wire id. Lane tasks add and remove; anyone may look up. */
final class SessionTable {

    private final ConcurrentHashMap<String, LocalSession> sessions = new ConcurrentHashMap<>();

    LocalSession get(String wireId) {
        return sessions.get(wireId);
    }

    boolean contains(String wireId) {
        return sessions.containsKey(wireId);
    }

    void put(LocalSession session) {
        sessions.put(session.wireId, session);
    }

    void remove(LocalSession session) {
        sessions.remove(session.wireId, session);
    }

    int size() {
        return sessions.size();
    }

    Collection<LocalSession> all() {
        return sessions.values();
    }

    List<LocalSession> snapshot() {
        return List.copyOf(sessions.values());
    }

    Map<SessionState, Integer> countByState() {
        var counts = new EnumMap<SessionState, Integer>(SessionState.class);
        for (var session : sessions.values()) {
            var state = session.viewState;
            if (state != null) {
                counts.merge(state, 1, Integer::sum);
            }
        }
        return counts;
    }
}
