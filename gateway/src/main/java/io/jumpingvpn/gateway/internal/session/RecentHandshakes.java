package io.jumpingvpn.gateway.internal.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The handshakes this node verified recently, by request id: in progress, or answered with a session. It lets a
 * repeated HANDSHAKE_INIT (the agent resending the same bytes because the ACK was lost) get the same ACK again instead
 * of a REPLAY_DETECTED, and a duplicate that arrives while the first is still being answered be ignored. Bounded in
 * size and age (twice the freshness window, as long as the replay filter remembers the handshake id). Thread-safe.
 */
final class RecentHandshakes {

    /** What is known about a request id. */
    sealed interface Entry {
        record InProgress() implements Entry {}

        record Answered(String session) implements Entry {}
    }

    private record Timed(Entry entry, long expiresNanos) {}

    private final long ttlNanos;
    private final Map<String, Timed> entries;

    RecentHandshakes(long ttlNanos, int capacity) {
        this.ttlNanos = ttlNanos;
        this.entries = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Timed> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void inProgress(String request, long nowNanos) {
        entries.put(request, new Timed(new Entry.InProgress(), nowNanos + ttlNanos));
    }

    synchronized void answered(String request, String session, long nowNanos) {
        entries.put(request, new Timed(new Entry.Answered(session), nowNanos + ttlNanos));
    }

    synchronized void forget(String request) {
        entries.remove(request);
    }

    synchronized Optional<Entry> get(String request, long nowNanos) {
        var timed = entries.get(request);
        if (timed == null) {
            return Optional.empty();
        }
        if (nowNanos - timed.expiresNanos() >= 0) {
            entries.remove(request);
            return Optional.empty();
        }
        return Optional.of(timed.entry());
    }
}
