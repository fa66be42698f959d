package io.jumpingvpn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.jumpingvpn.store.tck.ManualClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InMemoryStoreOptionsUnitTests {

    @Test
    void defaultsAreTheSystemClockTenMinutesOfTombstonesAndASecureRandom() {
        var options = InMemoryStoreOptions.defaults();

        assertThat(options.clock()).isEqualTo(InstantSource.system());
        assertThat(options.tombstoneRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.random()).isInstanceOf(SecureRandom.class);
    }

    @Test
    void everyOptionCanBeSetAndCarriedOver() {
        var clock = new ManualClock(Instant.EPOCH);
        var random = new SplittableRandom(7);
        var options = InMemoryStoreOptions.builder()
                .clock(clock)
                .tombstoneRetention(Duration.ofSeconds(5))
                .sweepInterval(Duration.ofMillis(250))
                .random(random)
                .build();

        var copy = options.mutate().build();

        for (var o : new InMemoryStoreOptions[] {options, copy}) {
            assertThat(o.clock()).isSameAs(clock);
            assertThat(o.tombstoneRetention()).isEqualTo(Duration.ofSeconds(5));
            assertThat(o.sweepInterval()).isEqualTo(Duration.ofMillis(250));
            assertThat(o.random()).isSameAs(random);
        }
    }

    @Test
    void outOfRangeDurationsNameTheOptionAndTheRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InMemoryStoreOptions.builder()
                        .tombstoneRetention(Duration.ZERO)
                        .build())
                .withMessage("tombstoneRetention must be between 1 ms and 30 days, got PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InMemoryStoreOptions.builder()
                        .tombstoneRetention(Duration.ofDays(31))
                        .build())
                .withMessageStartingWith("tombstoneRetention must be between");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InMemoryStoreOptions.builder()
                        .sweepInterval(Duration.ofMillis(-5))
                        .build())
                .withMessage("sweepInterval must be between 1 ms and 1 days, got PT-0.005S");
    }

    @Test
    void nullsAreNamed() {
        var builder = InMemoryStoreOptions.builder();

        assertThatNullPointerException().isThrownBy(() -> builder.clock(null)).withMessage("clock");
        assertThatNullPointerException().isThrownBy(() -> builder.random(null)).withMessage("random");
        assertThatNullPointerException()
                .isThrownBy(() -> builder.tombstoneRetention(null))
                .withMessage("tombstoneRetention");
    }
}
