package io.jumpingvpn.gateway.internal.flood;

import io.jumpingvpn.gateway.FloodSettings;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token buckets of every source address: one for handshakes, one for reattaches, one for signed refusals. At most
 * {@code maxTrackedSources} sources are remembered; the least recently seen is forgotten first. A forgotten source
 * comes back with full buckets, so a flood of spoofed addresses can make the limiter more lenient towards someone,
 * never stricter (and spoofed handshakes still meet the cookie check under load). Thread-safe (one lock; only control
 * frames come here, never data).
 */
final class SourceLimiter {

    enum Kind {
        HANDSHAKE,
        REATTACH,
        SIGNED_REJECT
    }

    private final class Source {
        final TokenBucket handshakes;
        final TokenBucket reattaches;
        final TokenBucket rejects;

        Source(long now) {
            handshakes = new TokenBucket(settings.handshakeRatePerSource(), settings.handshakeBurstPerSource(), now);
            reattaches = new TokenBucket(settings.reattachRatePerSource(), settings.reattachBurstPerSource(), now);
            rejects = new TokenBucket(
                    settings.signedRejectsPerSourcePerSecond(), settings.signedRejectBurstPerSource(), now);
        }

        TokenBucket bucket(Kind kind) {
            return switch (kind) {
                case HANDSHAKE -> handshakes;
                case REATTACH -> reattaches;
                case SIGNED_REJECT -> rejects;
            };
        }
    }

    private final FloodSettings settings;
    private final Map<InetAddress, Source> sources;

    SourceLimiter(FloodSettings settings) {
        this.settings = settings;
        int max = settings.maxTrackedSources();
        this.sources = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Source> eldest) {
                return size() > max;
            }
        };
    }

    synchronized boolean tryTake(InetAddress source, Kind kind, long nowNanos) {
        var state = sources.computeIfAbsent(source, address -> new Source(nowNanos));
        return state.bucket(kind).tryTake(nowNanos);
    }

    synchronized int size() {
        return sources.size();
    }
}
