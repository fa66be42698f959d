package io.jumpingvpn.gateway.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SwitchLimiterUnitTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void atMostTheLimitOfSwitchesWithinASlidingMinute() {
        var limiter = new SwitchLimiter();
        assertThat(limiter.allows("s", 0, 2)).isTrue();
        limiter.record("s", 0);
        limiter.record("s", 30 * SECOND);

        assertThat(limiter.allows("s", 31 * SECOND, 2)).isFalse();
        assertThat(limiter.allows("other", 31 * SECOND, 2)).isTrue();
        assertThat(limiter.allows("s", 60 * SECOND, 2)).isTrue();
    }

    @Test
    void sessionsWithoutARecentSwitchAreForgotten() {
        var limiter = new SwitchLimiter();
        limiter.record("old", 0);
        limiter.record("new", 50 * SECOND);

        limiter.purge(61 * SECOND);

        assertThat(limiter.size()).isEqualTo(1);
    }
}
