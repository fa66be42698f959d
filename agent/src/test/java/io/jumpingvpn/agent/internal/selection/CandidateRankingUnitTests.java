package io.jumpingvpn.agent.internal.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateRankingUnitTests {

    private static List<Integer> order(CandidateScore... scores) {
        return CandidateRanking.rank(List.of(scores)).stream()
                .map(CandidateScore::transportId)
                .toList();
    }

    @Test
    void lowestLossFirst() {
        assertThat(order(
                        new CandidateScore(0, 0.3, 1_000, 100),
                        new CandidateScore(1, 0.1, 9_000, 0),
                        new CandidateScore(2, 0.2, 1, 999)))
                .containsExactly(1, 2, 0);
    }

    @Test
    void thenLowestLatency() {
        assertThat(order(
                        new CandidateScore(0, 0.1, 5_000, 100),
                        new CandidateScore(1, 0.1, 2_000, 0),
                        new CandidateScore(2, 0.1, CandidateScore.UNKNOWN_LATENCY, 999)))
                .containsExactly(1, 0, 2);
    }

    @Test
    void thenLongestStableTime() {
        assertThat(order(
                        new CandidateScore(0, 0, 1_000, 10),
                        new CandidateScore(1, 0, 1_000, 30),
                        new CandidateScore(2, 0, 1_000, 20)))
                .containsExactly(1, 2, 0);
    }

    @Test
    void tiesGoToTheLowestTransportIdWhateverTheInputOrder() {
        assertThat(order(CandidateScore.neutral(2), CandidateScore.neutral(0), CandidateScore.neutral(1)))
                .containsExactly(0, 1, 2);
        assertThat(order(CandidateScore.neutral(1), CandidateScore.neutral(2), CandidateScore.neutral(0)))
                .containsExactly(0, 1, 2);
    }

    @Test
    void neutralRanksAfterAProvenCandidateAndBeforeAFailedOne() {
        var proven = new CandidateScore(3, 0, 2_000_000, 5);
        assertThat(order(CandidateScore.failed(0), CandidateScore.neutral(1), proven))
                .containsExactly(3, 1, 0);
        // ...but a lossy proven candidate ranks below a neutral one: no loss seen beats some loss.
        var lossy = new CandidateScore(3, 0.25, 2_000_000, 5);
        assertThat(order(CandidateScore.failed(0), CandidateScore.neutral(1), lossy))
                .containsExactly(1, 3, 0);
    }

    @Test
    void isBetterIsStrict() {
        assertThat(CandidateRanking.isBetter(CandidateScore.neutral(0), CandidateScore.neutral(1)))
                .isTrue();
        assertThat(CandidateRanking.isBetter(CandidateScore.neutral(1), CandidateScore.neutral(0)))
                .isFalse();
        assertThat(CandidateRanking.isBetter(CandidateScore.neutral(1), CandidateScore.neutral(1)))
                .isFalse();
    }
}
