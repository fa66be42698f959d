package io.jumpingvpn.protocol.policy;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The session policy: every {@link PolicyKey} with a value inside its range, and the rules between keys holding.
 * Immutable and thread-safe; an instance that exists is valid.
 *
 * <p>Rules between keys, checked after the ranges:
 *
 * <ul>
 *   <li>{@code HEARTBEAT_VOLATILE_MS >= 2 x HEARTBEAT_INTERVAL_MS}: one late heartbeat must not kill a transport;
 *   <li>{@code LOSS_WINDOW_MS >= 2 x HEARTBEAT_INTERVAL_MS}: a loss ratio needs more than one heartbeat;
 *   <li>{@code TRANSPORT_LOST_TTL_MS > HEARTBEAT_VOLATILE_MS}: a transport is declared dead before the session dies of
 *       it;
 *   <li>{@code RECOVERY_WINDOW_MS <= TRANSPORT_LOST_TTL_MS}: the agent gives up before the gateway does;
 *   <li>{@code SESSION_MAX_LIFETIME_MS > TRANSPORT_LOST_TTL_MS}.
 * </ul>
 */
public final class Policy {

    /** The defaults of the brief. */
    public static final Policy DEFAULT = builder().build();

    /**
     * A fast policy for tests, benchmarks and the demo: heartbeats every 50 ms, a transport dead after 200 ms of
     * silence, recovery within 2 s.
     */
    public static final Policy FAST = builder()
            .set(PolicyKey.HEARTBEAT_INTERVAL_MS, 50)
            .set(PolicyKey.HEARTBEAT_VOLATILE_MS, 200)
            .set(PolicyKey.VOLATILE_TO_DEGRADED_MS, 400)
            .set(PolicyKey.LOSS_WINDOW_MS, 200)
            .set(PolicyKey.MAX_SWITCHES_PER_MIN, 60)
            .set(PolicyKey.SWITCH_COOLDOWN_MS, 100)
            .set(PolicyKey.RECOVERY_WINDOW_MS, 2_000)
            .set(PolicyKey.TRANSPORT_LOST_TTL_MS, 3_000)
            .set(PolicyKey.NODE_LEASE_MS, 1_500)
            .build();

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,9})?");

    private final double[] values;

    private Policy(double[] values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(defaults());
    }

    public Builder toBuilder() {
        return new Builder(values.clone());
    }

    /**
     * The defaults overridden by {@code entries} (key name to value text, as a YAML loader or flags give them). An
     * unknown key, a value that is not a number, a value out of range or a broken rule between keys fails with one
     * {@link InvalidPolicyException} line naming the key, the value and what is allowed.
     */
    public static Policy fromMap(Map<String, String> entries) {
        return DEFAULT.withOverrides(entries);
    }

    /** This policy overridden by {@code entries}; see {@link #fromMap}. */
    public Policy withOverrides(Map<String, String> entries) {
        requireNonNull(entries, "entries");
        var builder = toBuilder();
        for (var entry : entries.entrySet()) {
            var name = requireNonNull(entry.getKey(), "policy key");
            var key = PolicyKey.named(name.strip())
                    .orElseThrow(() -> new InvalidPolicyException(
                            name,
                            "unknown policy key '" + Bytes.printable(name) + "'; known keys: "
                                    + Arrays.stream(PolicyKey.values())
                                            .map(Enum::name)
                                            .collect(Collectors.joining(", "))));
            builder.set(key, parse(key, entry.getValue()));
        }
        return builder.build();
    }

    private static double parse(PolicyKey key, String text) {
        if (text == null) {
            throw new InvalidPolicyException(key.name(), "policy key " + key + " has no value; allowed " + key.range());
        }
        var value = text.strip();
        var pattern = key.isInteger() ? INTEGER : DECIMAL;
        if (!pattern.matcher(value).matches()) {
            throw new InvalidPolicyException(
                    key.name(),
                    "policy key " + key + " = '" + Bytes.printable(text) + "' is not "
                            + (key.isInteger() ? "an integer" : "a decimal number") + "; allowed " + key.range());
        }
        return key.isInteger() ? Long.parseLong(value) : Double.parseDouble(value);
    }

    private static double[] defaults() {
        var keys = PolicyKey.values();
        var values = new double[keys.length];
        for (var key : keys) {
            values[key.ordinal()] = key.defaultValue();
        }
        return values;
    }

    /** The raw value of {@code key} (milliseconds, a count, frames or a ratio). */
    public double value(PolicyKey key) {
        return values[requireNonNull(key, "key").ordinal()];
    }

    /** The value of an integer key. */
    public long longValue(PolicyKey key) {
        if (!key.isInteger()) {
            throw new IllegalArgumentException(key + " is not an integer key");
        }
        return (long) value(key);
    }

    public Duration sessionMaxLifetime() {
        return millis(PolicyKey.SESSION_MAX_LIFETIME_MS);
    }

    public Duration transportLostTtl() {
        return millis(PolicyKey.TRANSPORT_LOST_TTL_MS);
    }

    public Duration heartbeatInterval() {
        return millis(PolicyKey.HEARTBEAT_INTERVAL_MS);
    }

    /** Silence after which a transport is considered dead. */
    public Duration heartbeatVolatile() {
        return millis(PolicyKey.HEARTBEAT_VOLATILE_MS);
    }

    public Duration volatileToDegraded() {
        return millis(PolicyKey.VOLATILE_TO_DEGRADED_MS);
    }

    public Duration lossWindow() {
        return millis(PolicyKey.LOSS_WINDOW_MS);
    }

    /** Loss ratio in (0, 1]. */
    public double lossVolatileThreshold() {
        return value(PolicyKey.LOSS_VOLATILE_THRESHOLD);
    }

    public int maxConsecutiveDrops() {
        return (int) longValue(PolicyKey.MAX_CONSECUTIVE_DROPS);
    }

    public int maxSwitchesPerMinute() {
        return (int) longValue(PolicyKey.MAX_SWITCHES_PER_MIN);
    }

    public Duration switchCooldown() {
        return millis(PolicyKey.SWITCH_COOLDOWN_MS);
    }

    public Duration recoveryWindow() {
        return millis(PolicyKey.RECOVERY_WINDOW_MS);
    }

    /** Maximum distance between a signed timestamp and the verifier's clock, either way. */
    public Duration reattachProofMaxAge() {
        return millis(PolicyKey.REATTACH_PROOF_MAX_AGE_MS);
    }

    /** Frames of the sliding replay window, a multiple of 64. */
    public int replayWindow() {
        return (int) longValue(PolicyKey.REPLAY_WINDOW);
    }

    public Duration nodeLease() {
        return millis(PolicyKey.NODE_LEASE_MS);
    }

    private Duration millis(PolicyKey key) {
        return Duration.ofMillis(longValue(key));
    }

    /** Every key with its value as text, in key order (for logs and round trips through {@link #fromMap}). */
    public Map<String, String> toMap() {
        var map = new LinkedHashMap<String, String>();
        for (var key : PolicyKey.values()) {
            map.put(key.name(), key.format(value(key)));
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Policy policy && Arrays.equals(values, policy.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Policy" + toMap();
    }

    /** Collects values; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {

        private final double[] values;

        private Builder(double[] values) {
            this.values = values;
        }

        /** Sets an integer key (or a ratio given as a whole number). Checked by {@link #build()}. */
        public Builder set(PolicyKey key, long value) {
            values[requireNonNull(key, "key").ordinal()] = value;
            return this;
        }

        /** Sets a key. An integer key given a fractional value fails at {@link #build()}. */
        public Builder set(PolicyKey key, double value) {
            values[requireNonNull(key, "key").ordinal()] = value;
            return this;
        }

        /** Sets a millisecond key from a duration. */
        public Builder set(PolicyKey key, Duration value) {
            requireNonNull(value, "value");
            if (key.unit() != PolicyKey.Unit.MILLIS) {
                throw new IllegalArgumentException(key + " is not a duration");
            }
            return set(key, value.toMillis());
        }

        public Policy build() {
            for (var key : PolicyKey.values()) {
                checkRange(key, values[key.ordinal()]);
            }
            var policy = new Policy(values.clone());
            checkRules(policy);
            return policy;
        }

        private static void checkRange(PolicyKey key, double value) {
            boolean integral = !key.isInteger() || value == Math.rint(value);
            if (Double.isNaN(value) || !integral || value < key.min() || value > key.max()) {
                throw new InvalidPolicyException(
                        key.name(),
                        "policy key " + key + " = " + shown(key, value) + " is out of range; allowed " + key.range());
            }
            if (key == PolicyKey.REPLAY_WINDOW && ((long) value) % 64 != 0) {
                throw new InvalidPolicyException(
                        key.name(),
                        "policy key " + key + " = " + shown(key, value) + " is not a multiple of 64; allowed "
                                + key.range());
            }
        }

        private static String shown(PolicyKey key, double value) {
            return key.isInteger() && value == Math.rint(value) && !Double.isInfinite(value)
                    ? Long.toString((long) value)
                    : Double.toString(value);
        }

        private static void checkRules(Policy policy) {
            long heartbeat = policy.longValue(PolicyKey.HEARTBEAT_INTERVAL_MS);
            atLeast(
                    policy,
                    PolicyKey.HEARTBEAT_VOLATILE_MS,
                    2 * heartbeat,
                    "2 x HEARTBEAT_INTERVAL_MS (" + heartbeat + ")");
            atLeast(policy, PolicyKey.LOSS_WINDOW_MS, 2 * heartbeat, "2 x HEARTBEAT_INTERVAL_MS (" + heartbeat + ")");
            long dead = policy.longValue(PolicyKey.HEARTBEAT_VOLATILE_MS);
            atLeast(policy, PolicyKey.TRANSPORT_LOST_TTL_MS, dead + 1, "above HEARTBEAT_VOLATILE_MS (" + dead + ")");
            long lostTtl = policy.longValue(PolicyKey.TRANSPORT_LOST_TTL_MS);
            long recovery = policy.longValue(PolicyKey.RECOVERY_WINDOW_MS);
            if (recovery > lostTtl) {
                throw new InvalidPolicyException(
                        PolicyKey.RECOVERY_WINDOW_MS.name(),
                        "policy key RECOVERY_WINDOW_MS = " + recovery + " is too large; allowed at most"
                                + " TRANSPORT_LOST_TTL_MS (" + lostTtl + ") ms");
            }
            atLeast(
                    policy,
                    PolicyKey.SESSION_MAX_LIFETIME_MS,
                    lostTtl + 1,
                    "above TRANSPORT_LOST_TTL_MS (" + lostTtl + ")");
        }

        private static void atLeast(Policy policy, PolicyKey key, long minimum, String rule) {
            long value = policy.longValue(key);
            if (value < minimum) {
                throw new InvalidPolicyException(
                        key.name(),
                        "policy key " + key + " = " + value + " is too small; allowed at least " + minimum + " ms ("
                                + rule + ")");
            }
        }
    }
}
