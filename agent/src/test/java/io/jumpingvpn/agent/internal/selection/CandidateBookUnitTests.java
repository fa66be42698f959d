package io.jumpingvpn.agent.internal.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.agent.internal.quality.LinkQuality;
import io.jumpingvpn.protocol.wire.Candidate;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateBookUnitTests {

    private static final long SECOND = 1_000_000_000L;
    private static final Candidate UDP_A = Candidate.parse("udp://127.0.0.1:4500");
    private static final Candidate TCP_A = Candidate.parse("tcp://127.0.0.1:4501");
    private static final Candidate UDP_B = Candidate.parse("udp://127.0.0.2:4500");

    private final CandidateBook book = new CandidateBook(List.of(UDP_A, TCP_A, UDP_B), 60 * SECOND);

    @Test
    void unknownCandidatesRankByTheirConfiguredOrder() {
        assertThat(book.best(Set.of(), 0)).isZero();
        assertThat(book.idOf(UDP_B)).contains(2);
        assertThat(book.candidate(1)).isEqualTo(TCP_A);
    }

    @Test
    void aFailedCandidateRanksLastUntilItsMemoryFades() {
        book.failed(0, 10 * SECOND);
        assertThat(book.best(Set.of(), 10 * SECOND)).isEqualTo(1);
        assertThat(book.score(0, 69 * SECOND).loss()).isEqualTo(1.0);
        assertThat(book.score(0, 70 * SECOND)).isEqualTo(CandidateScore.neutral(0));
        assertThat(book.best(Set.of(), 70 * SECOND)).isZero();
    }

    @Test
    void measuredNumbersAreRemembered() {
        var quality = new LinkQuality(0.0, 10, 0, OptionalLong.of(3_000_000), OptionalLong.of(100));
        book.measured(2, quality, 5 * SECOND, 1 * SECOND);
        assertThat(book.score(2, 2 * SECOND)).isEqualTo(new CandidateScore(2, 0.0, 3_000_000, 5 * SECOND));
        assertThat(book.best(Set.of(), 2 * SECOND)).isEqualTo(2);
    }

    @Test
    void aRecoveryGoesRoundTheCandidatesInRankOrder() {
        book.failed(0, 0);
        var tried = new HashSet<Integer>();
        var order = new java.util.ArrayList<Integer>();
        for (int i = 0; i < 3; i++) {
            int id = book.best(tried, SECOND);
            tried.add(id);
            order.add(id);
        }
        assertThat(order).containsExactly(1, 2, 0);
        // Everything tried: the best of all again.
        assertThat(book.best(tried, SECOND)).isEqualTo(1);
    }

    @Test
    void learnedCandidatesAreBounded() {
        assertThat(book.learn(UDP_B)).contains(2);
        for (int i = 0; i < CandidateBook.MAX_LEARNED; i++) {
            assertThat(book.learn(Candidate.parse("udp://10.0.0.1:" + (1000 + i))))
                    .contains(3 + i);
        }
        assertThat(book.learn(Candidate.parse("udp://10.0.0.2:1"))).isEmpty();
        assertThat(book.size()).isEqualTo(3 + CandidateBook.MAX_LEARNED);
    }

    @Test
    void needsACandidate() {
        assertThatThrownBy(() -> new CandidateBook(List.of(), SECOND)).isInstanceOf(IllegalArgumentException.class);
    }
}
