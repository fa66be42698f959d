package io.jumpingvpn.agent.internal.selection;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The ranking rule of the brief: lowest loss, then lowest latency, then longest stable time, ties by lowest transport
 * id. Total and deterministic: never random, so two agents with the same numbers choose the same way and a test can
 * predict every choice.
 */
public final class CandidateRanking {

    /** Best first. */
    public static final Comparator<CandidateScore> BEST_FIRST = Comparator.comparingDouble(CandidateScore::loss)
            .thenComparingLong(CandidateScore::latencyNanos)
            .thenComparing(Comparator.comparingLong(CandidateScore::stableNanos).reversed())
            .thenComparingInt(CandidateScore::transportId);

    private CandidateRanking() {}

    /** {@code scores} best first. */
    public static List<CandidateScore> rank(Collection<CandidateScore> scores) {
        return scores.stream().sorted(BEST_FIRST).toList();
    }

    /** Whether {@code challenger} ranks strictly above {@code incumbent}. */
    public static boolean isBetter(CandidateScore challenger, CandidateScore incumbent) {
        return BEST_FIRST.compare(challenger, incumbent) < 0;
    }
}
