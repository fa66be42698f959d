package io.jumpingvpn.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogUnitTests {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RateLimitedLog log = new RateLimitedLog(
            LoggerFactory.getLogger(RateLimitedLogUnitTests.class), 10, TimeUnit.SECONDS, nanos::get);

    @Test
    void oneLinePerConditionAndIntervalCountingWhatItSwallowed() {
        assertThat(log.admit("down", "Redis down")).isEqualTo("Redis down");
        assertThat(log.admit("down", "Redis down")).isNull();
        assertThat(log.admit("down", "Redis down")).isNull();
        assertThat(log.admit("other", "something else")).isEqualTo("something else");

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));

        assertThat(log.admit("down", "Redis down")).isEqualTo("Redis down (2 more since the last report)");
        assertThat(log.admit("down", "Redis down")).isNull();
    }
}
