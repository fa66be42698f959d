package io.jumpingvpn.gateway.internal.session;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-session sliding minute of accepted transport switches ({@code MAX_SWITCHES_PER_MIN}). Entries exist only for
 * sessions that switched here within the last minute, so the map is bounded by real, verified sessions. The cooldown
 * ({@code SWITCH_COOLDOWN_MS}) is not kept here: it is judged from the record's last commit time in store time, so it
 * holds across nodes.
 */
final class SwitchLimiter {

    private static final long MINUTE = 60_000_000_000L;

    private final ConcurrentHashMap<String, ArrayDeque<Long>> switches = new ConcurrentHashMap<>();

    boolean allows(String session, long nowNanos, int maxPerMinute) {
        var times = switches.get(session);
        if (times == null) {
            return true;
        }
        synchronized (times) {
            trim(times, nowNanos);
            return times.size() < maxPerMinute;
        }
    }

    void record(String session, long nowNanos) {
        var times = switches.computeIfAbsent(session, id -> new ArrayDeque<>());
        synchronized (times) {
            trim(times, nowNanos);
            times.addLast(nowNanos);
        }
    }

    /** Forgets sessions without a switch in the last minute. */
    void purge(long nowNanos) {
        switches.values().removeIf(times -> {
            synchronized (times) {
                trim(times, nowNanos);
                return times.isEmpty();
            }
        });
    }

    int size() {
        return switches.size();
    }

    private static void trim(ArrayDeque<Long> times, long nowNanos) {
        while (!times.isEmpty() && nowNanos - times.peekFirst() >= MINUTE) {
            times.removeFirst();
        }
    }
}
