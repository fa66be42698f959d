package io.jumpingvpn.agent.internal.selection;

/**
 * The numbers a candidate is ranked by. {@code latencyNanos} is {@link #UNKNOWN_LATENCY} when nothing was measured.
 *
 * @param transportId the candidate's stable id: its position in the configured list (learned candidates follow)
 * @param loss heartbeat loss in [0, 1]; 1 for a candidate whose transport or reattach just failed
 * @param latencyNanos mean heartbeat round trip, or {@link #UNKNOWN_LATENCY}
 * @param stableNanos how long the candidate carried the session without a quality drop
 */
public record CandidateScore(int transportId, double loss, long latencyNanos, long stableNanos) {

    /** Ranks after every measured latency: a candidate that proved itself beats one that never answered. */
    public static final long UNKNOWN_LATENCY = Long.MAX_VALUE;

    public CandidateScore {
        if (transportId < 0) {
            throw new IllegalArgumentException("transportId must be >= 0, got " + transportId);
        }
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1], got " + loss);
        }
        if (latencyNanos < 0 || stableNanos < 0) {
            throw new IllegalArgumentException(
                    "latency and stable time must be >= 0, got " + latencyNanos + " and " + stableNanos);
        }
    }

    /** A candidate never measured: no loss seen, latency unknown, no stable time. */
    public static CandidateScore neutral(int transportId) {
        return new CandidateScore(transportId, 0, UNKNOWN_LATENCY, 0);
    }

    /** A candidate whose transport died or whose reattach went unanswered. */
    public static CandidateScore failed(int transportId) {
        return new CandidateScore(transportId, 1, UNKNOWN_LATENCY, 0);
    }
}
