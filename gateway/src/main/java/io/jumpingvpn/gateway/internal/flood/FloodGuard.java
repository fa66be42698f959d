package io.jumpingvpn.gateway.internal.flood;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.FloodSettings;
import io.jumpingvpn.gateway.MonotonicClock;
import java.net.InetSocketAddress;

/**
 * The flood checks of the request path, cheapest first and before any signature: per-source buckets for handshakes and
 * reattaches, whether cookies are required (the node's HANDSHAKE_INIT rate above the threshold), and whether a refusal
 * may still be answered (it costs a signature: a per-source and a node-wide budget). Thread-safe.
 */
public final class FloodGuard {

    private final FloodSettings settings;
    private final MonotonicClock clock;
    private final SourceLimiter sources;
    private final RateMeter handshakeRate;
    private final TokenBucket signedRejects;

    public FloodGuard(FloodSettings settings, MonotonicClock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        long now = clock.nanoTime();
        this.sources = new SourceLimiter(settings);
        this.handshakeRate = new RateMeter(now);
        this.signedRejects = new TokenBucket(
                settings.signedRejectsPerSecond(), Math.max(1, 2 * settings.signedRejectsPerSecond()), now);
    }

    /**
     * Records a HANDSHAKE_INIT for the load meter and takes a token from its source's handshake bucket; false means
     * {@code RATE_LIMITED}.
     */
    public boolean admitHandshake(InetSocketAddress source) {
        long now = clock.nanoTime();
        handshakeRate.record(now);
        return sources.tryTake(source.getAddress(), SourceLimiter.Kind.HANDSHAKE, now);
    }

    /** Takes a token from the source's reattach bucket; false means {@code RATE_LIMITED}. */
    public boolean admitReattach(InetSocketAddress source) {
        return sources.tryTake(source.getAddress(), SourceLimiter.Kind.REATTACH, clock.nanoTime());
    }

    /** Whether the node is under handshake load: INITs must then carry a valid cookie. */
    public boolean cookiesRequired() {
        double threshold = settings.cookieThresholdPerSecond();
        return threshold == 0 || handshakeRate.perSecond(clock.nanoTime()) > threshold;
    }

    /**
     * Whether a refusal to {@code source} may be signed and sent: both the source's and the node's refusal budgets have
     * a token. When not, the request is dropped and counted.
     */
    public boolean mayAnswerRefusal(InetSocketAddress source) {
        long now = clock.nanoTime();
        if (!sources.tryTake(source.getAddress(), SourceLimiter.Kind.SIGNED_REJECT, now)) {
            return false;
        }
        synchronized (signedRejects) {
            return signedRejects.tryTake(now);
        }
    }

    /** Sources currently remembered. */
    public int trackedSources() {
        return sources.size();
    }
}
