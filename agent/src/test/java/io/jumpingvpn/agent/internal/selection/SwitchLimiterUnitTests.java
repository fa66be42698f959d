package io.jumpingvpn.agent.internal.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SwitchLimiterUnitTests {

    private static final long MS = 1_000_000;
    private static final long MINUTE = SwitchLimiter.MINUTE_NANOS;

    @Test
    void theCooldownSpacesSwitches() {
        var limiter = new SwitchLimiter(8, 1_500 * MS);
        assertThat(limiter.allows(0)).isTrue();
        limiter.record(0);
        assertThat(limiter.allows(1_499 * MS)).isFalse();
        assertThat(limiter.nextAllowedAt(100 * MS)).isEqualTo(1_500 * MS);
        assertThat(limiter.allows(1_500 * MS)).isTrue();
    }

    @Test
    void atMostMaxPerMinute() {
        var limiter = new SwitchLimiter(3, 0);
        limiter.record(0);
        limiter.record(10 * MS);
        limiter.record(20 * MS);
        assertThat(limiter.inLastMinute(30 * MS)).isEqualTo(3);
        assertThat(limiter.allows(30 * MS)).isFalse();
        // The first switch leaves the minute at 60 s.
        assertThat(limiter.nextAllowedAt(30 * MS)).isEqualTo(MINUTE);
        assertThat(limiter.allows(MINUTE - 1)).isFalse();
        assertThat(limiter.allows(MINUTE)).isTrue();
        limiter.record(MINUTE);
        assertThat(limiter.nextAllowedAt(MINUTE)).isEqualTo(MINUTE + 10 * MS);
    }

    @Test
    void bothLimitsTogether() {
        var limiter = new SwitchLimiter(2, 5_000 * MS);
        limiter.record(0);
        limiter.record(5_000 * MS);
        // Cooldown says 10 s, the minute says 60 s: the later wins.
        assertThat(limiter.nextAllowedAt(5_000 * MS)).isEqualTo(MINUTE);
    }

    @Test
    void oldSwitchesAreForgotten() {
        var limiter = new SwitchLimiter(1, 0);
        limiter.record(0);
        assertThat(limiter.inLastMinute(MINUTE)).isZero();
        assertThat(limiter.allows(MINUTE)).isTrue();
    }
}
