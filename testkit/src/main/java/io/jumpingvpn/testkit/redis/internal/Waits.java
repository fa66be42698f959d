package io.jumpingvpn.testkit.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.testkit.redis.RedisFixtureException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounded polling: every wait in the fixtures ends by its deadline with a {@link RedisFixtureException} saying what it
 * waited for and what it last saw.
 */
public final class Waits {

    private static final long POLL_MILLIS = 50;

    private Waits() {}

    /** What one poll saw: the awaited value, or a description of why it is not there yet. */
    public sealed interface Probe<T> {
        record Done<T>(T value) implements Probe<T> {
            public Done {
                requireNonNull(value, "value");
            }
        }

        record NotYet<T>(String observed) implements Probe<T> {
            public NotYet {
                requireNonNull(observed, "observed");
            }
        }

        static <T> Probe<T> done(T value) {
            return new Done<>(value);
        }

        static <T> Probe<T> notYet(String observed) {
            return new NotYet<>(observed);
        }
    }

    /**
     * Polls {@code probe} every 50 ms until it is done or {@code timeout} passes. A probe that throws counts as not yet
     * done (a server that is starting refuses connections); its message becomes the last observation.
     */
    public static <T> T until(String what, Duration timeout, Supplier<Probe<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String observed = "nothing yet";
        while (true) {
            try {
                switch (probe.get()) {
                    case Probe.Done<T>(T value) -> {
                        return value;
                    }
                    case Probe.NotYet<T>(String seen) -> observed = seen;
                }
            } catch (RuntimeException e) {
                observed = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new RedisFixtureException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last saw: " + observed);
            }
            sleep(POLL_MILLIS);
        }
    }

    /** Sleeps, turning an interrupt into an unchecked exception with the interrupt flag kept. */
    public static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
