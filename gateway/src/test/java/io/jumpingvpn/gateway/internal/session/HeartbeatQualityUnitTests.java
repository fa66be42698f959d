package io.jumpingvpn.gateway.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.jumpingvpn.protocol.policy.Policy;
import org.junit.jupiter.api.Test;

/** With the FAST policy: heartbeats every 50 ms, loss window 200 ms, threshold 0.20, 3 consecutive drops. */
class HeartbeatQualityUnitTests {

    private static final long MS = 1_000_000L;

    private final HeartbeatQuality quality = new HeartbeatQuality(Policy.FAST, 0);

    private long beat(long from, long sequence, int count) {
        long at = from;
        for (int i = 0; i < count; i++) {
            at += 50 * MS;
            quality.onHeartbeat(sequence + i, at);
        }
        return at;
    }

    @Test
    void regularHeartbeatsAreAboveTheFloor() {
        long now = beat(0, 0, 10);

        assertThat(quality.belowFloor(now)).isFalse();
        assertThat(quality.lossRatio(now)).isZero();
        assertThat(quality.consecutiveDrops(now)).isZero();
    }

    @Test
    void aGapOfMaxConsecutiveDropsIsBelowTheFloor() {
        long now = beat(0, 0, 5);
        quality.onHeartbeat(5 + 3, now + 50 * MS);

        assertThat(quality.consecutiveDrops(now + 50 * MS)).isEqualTo(3);
        assertThat(quality.belowFloor(now + 50 * MS)).isTrue();
    }

    @Test
    void silenceSwallowsHeartbeatsWithOneIntervalOfSlack() {
        long now = beat(0, 0, 5);

        assertThat(quality.swallowedBySilence(now + 99 * MS)).isZero();
        assertThat(quality.swallowedBySilence(now + 100 * MS)).isEqualTo(1);
        assertThat(quality.consecutiveDrops(now + 199 * MS)).isEqualTo(2);
        assertThat(quality.consecutiveDrops(now + 200 * MS)).isEqualTo(3);
        assertThat(quality.silenceDeadlineNanos()).isEqualTo(now + 200 * MS);
    }

    @Test
    void heartbeatsSwallowedBySilenceCountAsLostInTheRatio() {
        long now = beat(0, 0, 5);

        // Two intervals of silence: one heartbeat is late beyond the slack, one of the window's four is lost.
        assertThat(quality.lossRatio(now + 100 * MS)).isEqualTo(0.25, offset(1e-9));
        assertThat(quality.belowFloor(now + 100 * MS)).isTrue();
        assertThat(quality.belowFloor(now + 99 * MS)).isFalse();
    }

    @Test
    void theLossRatioIsJudgedOnlyOverAtLeastHalfAWindow() {
        quality.onHeartbeat(0, 50 * MS);

        assertThat(quality.lossRatio(50 * MS)).isEqualTo(-1);
        quality.onHeartbeat(2, 100 * MS);
        assertThat(quality.lossRatio(100 * MS)).isEqualTo(1 - 2 / 3.0, offset(1e-9));
        quality.onHeartbeat(4, 150 * MS);
        assertThat(quality.lossRatio(150 * MS)).isEqualTo(0.4, offset(1e-9));
        assertThat(quality.belowFloor(150 * MS)).isTrue();
    }

    @Test
    void duplicatesAndReorderedHeartbeatsAreIgnored() {
        long now = beat(0, 10, 4);
        quality.onHeartbeat(11, now);
        quality.onHeartbeat(13, now);

        assertThat(quality.lossRatio(now)).isZero();
        assertThat(quality.consecutiveDrops(now)).isZero();
    }

    @Test
    void restoredNeedsAWholeCleanWindowSinceTheStateWasEntered() {
        long since = beat(0, 0, 4);
        quality.onHeartbeat(4 + 3, since);
        long now = beat(since, 8, 2);
        assertThat(quality.restored(now, since)).isFalse();

        now = beat(now, 10, 4);
        assertThat(quality.restored(now, since)).isTrue();
        assertThat(quality.restored(now + 200 * MS, since)).isFalse();
    }
}
