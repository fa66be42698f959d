package io.jumpingvpn.store.memory;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Options of an {@link InMemorySessionStore}. Immutable; built with {@link #builder()} and checked when built.
 *
 * <ul>
 *   <li>{@code clock}: the store's clock. Every time in a record or a lease comes from it. Default: the system clock.
 *   <li>{@code tombstoneRetention}: how long a terminated record (from its termination) or an expired one (from its
 *       expiry) is still kept, so that late requests get {@code INVALID_STATE} or {@code SESSION_EXPIRED} rather than
 *       {@code SESSION_NOT_FOUND}. Node registrations that lapsed that long ago are forgotten too. Default: 10 minutes.
 *   <li>{@code sweepInterval}: records are purged lazily when touched, and every mutation at least this long (store
 *       time) after the previous sweep sweeps the whole table, so no background thread is needed. Default: 1 minute.
 *   <li>{@code random}: the source of session ids and of the store incarnation. Default: a {@link SecureRandom}.
 *       Session ids must be unguessable; inject anything weaker only in tests.
 * </ul>
 */
public final class InMemoryStoreOptions {

    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private static final Duration MIN_DURATION = Duration.ofMillis(1);
    private static final Duration MAX_RETENTION = Duration.ofDays(30);
    private static final Duration MAX_SWEEP_INTERVAL = Duration.ofDays(1);

    private final InstantSource clock;
    private final Duration tombstoneRetention;
    private final Duration sweepInterval;
    private final RandomGenerator random;

    private InMemoryStoreOptions(Builder builder) {
        this.clock = builder.clock;
        this.tombstoneRetention = within("tombstoneRetention", builder.tombstoneRetention, MIN_DURATION, MAX_RETENTION);
        this.sweepInterval = within("sweepInterval", builder.sweepInterval, MIN_DURATION, MAX_SWEEP_INTERVAL);
        this.random = builder.random.orElseGet(SecureRandom::new);
    }

    public static InMemoryStoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to derive changed ones. */
    public Builder mutate() {
        return new Builder()
                .clock(clock)
                .tombstoneRetention(tombstoneRetention)
                .sweepInterval(sweepInterval)
                .random(random);
    }

    public InstantSource clock() {
        return clock;
    }

    public Duration tombstoneRetention() {
        return tombstoneRetention;
    }

    public Duration sweepInterval() {
        return sweepInterval;
    }

    public RandomGenerator random() {
        return random;
    }

    @Override
    public String toString() {
        return "InMemoryStoreOptions[clock=" + clock + ", tombstoneRetention=" + tombstoneRetention + ", sweepInterval="
                + sweepInterval + "]";
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + " must be between " + min.toMillis() + " ms and " + max.toDays() + " days, got " + value);
        }
        return value;
    }

    public static final class Builder {

        private InstantSource clock = InstantSource.system();
        private Duration tombstoneRetention = DEFAULT_TOMBSTONE_RETENTION;
        private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        private Optional<RandomGenerator> random = Optional.empty();

        private Builder() {}

        public Builder clock(InstantSource clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public Builder tombstoneRetention(Duration tombstoneRetention) {
            this.tombstoneRetention = requireNonNull(tombstoneRetention, "tombstoneRetention");
            return this;
        }

        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = requireNonNull(sweepInterval, "sweepInterval");
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Optional.of(requireNonNull(random, "random"));
            return this;
        }

        /** @throws IllegalArgumentException naming the option and its allowed range when a value is out of range */
        public InMemoryStoreOptions build() {
            return new InMemoryStoreOptions(this);
        }
    }
}
