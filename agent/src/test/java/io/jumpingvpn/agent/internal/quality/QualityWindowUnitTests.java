package io.jumpingvpn.agent.internal.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QualityWindowUnitTests {

    private static final long MS = 1_000_000;

    /** A 200 ms window, answers due 50 ms after sending. */
    private final QualityWindow window = new QualityWindow(200 * MS, 50 * MS, 64);

    @Test
    void nothingIsDueBeforeTheAckTimeout() {
        window.sent(0, 0);
        assertThat(window.evaluate(49 * MS)).isEqualTo(LinkQuality.UNMEASURED);
        var quality = window.evaluate(50 * MS);
        assertThat(quality.due()).isEqualTo(1);
        assertThat(quality.loss()).isEqualTo(1.0);
        assertThat(quality.consecutiveDrops()).isEqualTo(1);
    }

    @Test
    void lossIsLostOverDue() {
        for (int i = 0; i < 4; i++) {
            window.sent(i, i * 50 * MS);
        }
        window.answered(0, 10 * MS);
        window.answered(2, 110 * MS);
        // At 190 ms heartbeats 0..2 are due (sent at 0, 50, 100), 3 (sent at 150) is not.
        var quality = window.evaluate(190 * MS);
        assertThat(quality.due()).isEqualTo(3);
        assertThat(quality.loss()).isEqualTo(1.0 / 3);
        assertThat(quality.consecutiveDrops()).isZero();
    }

    @Test
    void consecutiveDropsCountTheNewestDueUnansweredInARow() {
        for (int i = 0; i < 5; i++) {
            window.sent(i, i * 10 * MS);
        }
        window.answered(1, 15 * MS);
        // Sent at 0..40 ms; at 80 ms heartbeats 0..3 are due (sent <= 30), 4 is not yet due.
        var quality = window.evaluate(80 * MS);
        assertThat(quality.due()).isEqualTo(4);
        assertThat(quality.consecutiveDrops()).isEqualTo(2);
        assertThat(quality.isBelowFloor(0.9, 2)).isTrue();
        assertThat(quality.isBelowFloor(0.9, 3)).isFalse();
    }

    @Test
    void aLateAnswerStillCounts() {
        window.sent(0, 0);
        assertThat(window.evaluate(60 * MS).loss()).isEqualTo(1.0);
        assertThat(window.answered(0, 70 * MS)).hasValue(70 * MS);
        assertThat(window.evaluate(80 * MS).loss()).isZero();
    }

    @Test
    void roundTripAndJitterAreMeansOverTheWindow() {
        window.sent(0, 0);
        window.sent(1, 50 * MS);
        window.sent(2, 100 * MS);
        window.answered(0, 10 * MS);
        window.answered(1, 80 * MS);
        window.answered(2, 120 * MS);
        var quality = window.evaluate(130 * MS);
        assertThat(quality.meanRttNanos()).hasValue(20 * MS);
        // Round trips 10, 30, 20: differences 20 and 10.
        assertThat(quality.jitterNanos()).hasValue(15 * MS);
    }

    @Test
    void aLongPathIsNotMistakenForALossyOne() {
        // Round trips of 40 ms: answers are due after 80 ms, not after the 50 ms ack timeout.
        window.sent(0, 0);
        window.answered(0, 40 * MS);
        window.sent(1, 50 * MS);
        assertThat(window.evaluate(120 * MS).due()).isEqualTo(1);
        assertThat(window.evaluate(130 * MS).due()).isEqualTo(2);
        assertThat(window.evaluate(130 * MS).consecutiveDrops()).isEqualTo(1);
    }

    @Test
    void heartbeatsOlderThanTheWindowAreForgotten() {
        window.sent(0, 0);
        window.sent(1, 10 * MS);
        assertThat(window.evaluate(100 * MS).loss()).isEqualTo(1.0);
        window.sent(2, 150 * MS);
        window.answered(2, 160 * MS);
        assertThat(window.evaluate(205 * MS).due()).isEqualTo(2);
        var later = window.evaluate(215 * MS);
        assertThat(later.due()).isEqualTo(1);
        assertThat(later.loss()).isZero();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void unknownOrRepeatedAnswersAreIgnored() {
        window.sent(5, 0);
        assertThat(window.answered(4, MS)).isEmpty();
        assertThat(window.answered(6, MS)).isEmpty();
        assertThat(window.answered(5, 2 * MS)).hasValue(2 * MS);
        assertThat(window.answered(5, 3 * MS)).isEmpty();
    }

    @Test
    void capacityBoundsMemory() {
        var small = new QualityWindow(1_000 * MS, MS, 3);
        for (int i = 0; i < 10; i++) {
            small.sent(i, i);
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.answered(0, 20)).isEmpty();
        assertThat(small.answered(9, 20)).isPresent();
    }

    @Test
    void sequencesMustIncrease() {
        window.sent(3, 0);
        assertThatThrownBy(() -> window.sent(3, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFloorIsLossOrConsecutiveDrops() {
        var lossy = new LinkQuality(0.25, 8, 0, java.util.OptionalLong.empty(), java.util.OptionalLong.empty());
        assertThat(lossy.isBelowFloor(0.20, 3)).isTrue();
        assertThat(lossy.isBelowFloor(0.30, 3)).isFalse();
        assertThat(LinkQuality.UNMEASURED.isBelowFloor(0.01, 1)).isFalse();
        // One due heartbeat, lost: not a ratio yet, but one consecutive drop.
        var single = new LinkQuality(1.0, 1, 1, java.util.OptionalLong.empty(), java.util.OptionalLong.empty());
        assertThat(single.isBelowFloor(0.2, 3)).isFalse();
        assertThat(single.isBelowFloor(0.2, 1)).isTrue();
    }
}
