package io.jumpingvpn.protocol.crypto;

import static io.jumpingvpn.protocol.crypto.HandshakeReplayFilter.Verdict.FRESH;
import static io.jumpingvpn.protocol.crypto.HandshakeReplayFilter.Verdict.FULL;
import static io.jumpingvpn.protocol.crypto.HandshakeReplayFilter.Verdict.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.testing.MutableClock;
import io.jumpingvpn.protocol.wire.HandshakeId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandshakeReplayFilterUnitTests {

    private final MutableClock clock = new MutableClock(1_000_000);

    @Test
    void anIdIsRefusedForTwiceTheMaximumAge() {
        var filter = new HandshakeReplayFilter(clock, Duration.ofSeconds(5), 100);
        assertThat(filter.admit(id(1))).isEqualTo(FRESH);
        assertThat(filter.admit(id(1))).isEqualTo(REPLAYED);
        assertThat(filter.admit(id(2))).isEqualTo(FRESH);
        clock.advance(Duration.ofMillis(9_999));
        assertThat(filter.admit(id(1))).isEqualTo(REPLAYED);
        clock.advance(Duration.ofMillis(1));
        assertThat(filter.admit(id(1))).isEqualTo(FRESH);
    }

    @Test
    void aFullFilterRefusesInsteadOfForgetting() {
        var filter = new HandshakeReplayFilter(clock, Duration.ofSeconds(5), 2);
        assertThat(filter.admit(id(1))).isEqualTo(FRESH);
        assertThat(filter.admit(id(2))).isEqualTo(FRESH);
        assertThat(filter.admit(id(3))).isEqualTo(FULL);
        assertThat(filter.admit(id(1))).isEqualTo(REPLAYED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(filter.size()).isZero();
        assertThat(filter.admit(id(3))).isEqualTo(FRESH);
    }

    private static HandshakeId id(int value) {
        var bytes = new byte[16];
        bytes[15] = (byte) value;
        return HandshakeId.of(bytes);
    }
}
