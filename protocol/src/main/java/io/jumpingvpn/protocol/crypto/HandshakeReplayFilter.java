package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.HandshakeId;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the handshake ids a node accepted, so that a captured HANDSHAKE_INIT replayed within its freshness window
 * cannot open a second session there. An id is remembered for twice the maximum age (a timestamp is accepted that far
 * either side of the clock). Admit an id only after the INIT verified, so that garbage cannot fill the filter. When
 * full, it refuses rather than forgetting an id that could still be replayed. Thread-safe.
 */
public final class HandshakeReplayFilter {

    /** What the filter says about a handshake id. */
    public enum Verdict {
        /** Not seen within the window; now remembered. */
        FRESH,
        /** Seen within the window: answer {@code REPLAY_DETECTED}. */
        REPLAYED,
        /** The filter is full of live ids: answer {@code RATE_LIMITED}. */
        FULL
    }

    private final Clock clock;
    private final long rememberMs;
    private final int capacity;
    private final Map<HandshakeId, Long> expiries = new LinkedHashMap<>();

    /**
     * @param maxAge the freshness window ({@code REATTACH_PROOF_MAX_AGE_MS})
     * @param capacity how many ids may be remembered at once
     */
    public HandshakeReplayFilter(Clock clock, Duration maxAge, int capacity) {
        this.clock = requireNonNull(clock, "clock");
        this.rememberMs = 2 * requireNonNull(maxAge, "maxAge").toMillis();
        if (rememberMs < 2) {
            throw new IllegalArgumentException("maxAge must be at least 1 ms, got " + maxAge);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized Verdict admit(HandshakeId id) {
        requireNonNull(id, "id");
        long now = clock.millis();
        forgetExpired(now);
        var expiry = expiries.get(id);
        if (expiry != null) {
            return Verdict.REPLAYED;
        }
        if (expiries.size() >= capacity) {
            return Verdict.FULL;
        }
        expiries.put(id, now + rememberMs);
        return Verdict.FRESH;
    }

    public synchronized int size() {
        forgetExpired(clock.millis());
        return expiries.size();
    }

    private void forgetExpired(long now) {
        // Insertion order is expiry order while the clock moves forward; a clock stepping back only delays forgetting.
        for (Iterator<Long> it = expiries.values().iterator(); it.hasNext(); ) {
            if (it.next() > now) {
                return;
            }
            it.remove();
        }
    }
}
