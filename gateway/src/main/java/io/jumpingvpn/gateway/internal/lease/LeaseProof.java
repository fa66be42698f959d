package io.jumpingvpn.gateway.internal.lease;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.LeaseProofPolicy;
import io.jumpingvpn.gateway.MonotonicClock;

/**
 * Until when this node can prove its lease, on the monotonic clock: the start of the last successful renewal (or
 * registration) plus the lease minus the safety margin. The start, not the end, because the store may have run the
 * renewal at any instant after the request left; counting from the start can only under-estimate the lease. Checking
 * it is one volatile read and one clock read, cheap enough for every forwarded frame.
 */
public final class LeaseProof {

    private final MonotonicClock clock;
    private final long validityNanos;
    private final boolean lapseIgnored;
    private volatile long validUntilNanos;
    private volatile long lastProofStartNanos;
    private volatile boolean everProven;

    public LeaseProof(MonotonicClock clock, long leaseNanos, long marginNanos) {
        this(clock, leaseNanos, marginNanos, LeaseProofPolicy.REQUIRE_PROOF);
    }

    /** With {@link LeaseProofPolicy#UNSAFE_IGNORE_LAPSE} (chaos runs only) a proof, once given, never lapses by time. */
    public LeaseProof(MonotonicClock clock, long leaseNanos, long marginNanos, LeaseProofPolicy policy) {
        this.clock = requireNonNull(clock, "clock");
        this.lapseIgnored = requireNonNull(policy, "policy") == LeaseProofPolicy.UNSAFE_IGNORE_LAPSE;
        if (marginNanos < 0 || marginNanos >= leaseNanos) {
            throw new IllegalArgumentException("the safety margin must be in [0, lease)");
        }
        this.validityNanos = leaseNanos - marginNanos;
    }

    /** Whether the node may forward now. */
    public boolean isValid() {
        return everProven && (lapseIgnored || clock.nanoTime() - validUntilNanos < 0);
    }

    /**
     * Records a renewal or registration that started at {@code startNanos} and succeeded; returns the new end of the
     * proof. A late answer to an older request cannot shorten a proof.
     */
    public synchronized long proveFrom(long startNanos) {
        long until = startNanos + validityNanos;
        if (!everProven || until - validUntilNanos > 0) {
            validUntilNanos = until;
            lastProofStartNanos = startNanos;
        }
        everProven = true;
        return validUntilNanos;
    }

    /** Withdraws the proof at once (the store said the lease or its state is gone). */
    public synchronized void revoke() {
        everProven = false;
    }

    /** The end of the proof on the monotonic clock (meaningless before the first proof). */
    public long validUntilNanos() {
        return validUntilNanos;
    }

    /** Nanoseconds since the start of the last successful renewal, or -1 if there never was one. */
    public long ageNanos() {
        return everProven ? clock.nanoTime() - lastProofStartNanos : -1;
    }
}
