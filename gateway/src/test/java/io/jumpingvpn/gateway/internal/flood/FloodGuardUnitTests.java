package io.jumpingvpn.gateway.internal.flood;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.FloodSettings;
import io.jumpingvpn.gateway.MonotonicClock;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardUnitTests {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final MonotonicClock clock = now::get;

    private static InetSocketAddress source(int last) {
        return new InetSocketAddress("10.0.0." + last, 5000);
    }

    @Test
    void aSourceGetsItsBurstThenItsRate() {
        var guard = new FloodGuard(FloodSettings.DEFAULT.withHandshakes(2, 3), clock);

        assertThat(guard.admitHandshake(source(1))).isTrue();
        assertThat(guard.admitHandshake(source(1))).isTrue();
        assertThat(guard.admitHandshake(source(1))).isTrue();
        assertThat(guard.admitHandshake(source(1))).isFalse();
        now.addAndGet(SECOND / 2);
        assertThat(guard.admitHandshake(source(1))).isTrue();
        assertThat(guard.admitHandshake(source(1))).isFalse();
    }

    @Test
    void sourcesDoNotShareBucketsAndHandshakesDoNotShareWithReattaches() {
        var guard =
                new FloodGuard(FloodSettings.DEFAULT.withHandshakes(0.001, 1).withReattaches(0.001, 1), clock);

        assertThat(guard.admitHandshake(source(1))).isTrue();
        assertThat(guard.admitHandshake(source(1))).isFalse();
        assertThat(guard.admitHandshake(source(2))).isTrue();
        assertThat(guard.admitReattach(source(1))).isTrue();
        assertThat(guard.admitReattach(source(1))).isFalse();
    }

    @Test
    void theNumberOfRememberedSourcesIsBoundedAndAForgottenSourceStartsAfresh() {
        var guard =
                new FloodGuard(FloodSettings.DEFAULT.withHandshakes(0.001, 1).withMaxTrackedSources(16), clock);
        assertThat(guard.admitHandshake(source(1))).isTrue();
        assertThat(guard.admitHandshake(source(1))).isFalse();

        for (int i = 2; i < 200; i++) {
            guard.admitHandshake(source(i));
        }

        assertThat(guard.trackedSources()).isEqualTo(16);
        assertThat(guard.admitHandshake(source(1))).isTrue();
    }

    @Test
    void cookiesAreRequiredWhileTheHandshakeRateIsAboveTheThreshold() {
        var guard = new FloodGuard(
                FloodSettings.DEFAULT.withHandshakes(1_000, 1_000).withCookieThreshold(10), clock);
        assertThat(guard.cookiesRequired()).isFalse();

        for (int i = 0; i < 11; i++) {
            guard.admitHandshake(source(i));
        }
        assertThat(guard.cookiesRequired()).isTrue();

        now.addAndGet(3 * SECOND);
        assertThat(guard.cookiesRequired()).isFalse();
    }

    @Test
    void aThresholdOfZeroRequiresCookiesAlways() {
        var guard = new FloodGuard(FloodSettings.DEFAULT.withCookieThreshold(0), clock);

        assertThat(guard.cookiesRequired()).isTrue();
    }

    @Test
    void signedRefusalsHaveAPerSourceAndANodeBudget() {
        var guard = new FloodGuard(FloodSettings.DEFAULT.withSignedRejects(1, 1, 2), clock);

        assertThat(guard.mayAnswerRefusal(source(1))).isTrue();
        assertThat(guard.mayAnswerRefusal(source(1))).isTrue();
        assertThat(guard.mayAnswerRefusal(source(1))).isFalse();
        // The node-wide budget (burst twice the rate: 2) is spent too.
        assertThat(guard.mayAnswerRefusal(source(2))).isFalse();
        now.addAndGet(SECOND);
        assertThat(guard.mayAnswerRefusal(source(2))).isTrue();
    }

    @Test
    void theRateMeterForgetsWindowsOlderThanTwoSeconds() {
        var meter = new RateMeter(0);
        for (int i = 0; i < 50; i++) {
            meter.record(SECOND / 2);
        }
        assertThat(meter.perSecond(SECOND / 2)).isEqualTo(50);
        assertThat(meter.perSecond(SECOND + SECOND / 2)).isEqualTo(25);
        assertThat(meter.perSecond(5 * SECOND)).isZero();
    }
}
