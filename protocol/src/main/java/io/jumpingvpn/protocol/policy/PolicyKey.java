package io.jumpingvpn.protocol.policy;

import java.util.Optional;

/**
 * The policy keys, each with its unit, default and allowed range (inclusive). Every duration is an integer number of
 * milliseconds that fits a signed 32-bit integer, so that it can travel in the handshake's session terms.
 */
public enum PolicyKey {
    SESSION_MAX_LIFETIME_MS(Unit.MILLIS, 28_800_000, 1_000, 604_800_000, "lifetime of a session from its birth"),
    TRANSPORT_LOST_TTL_MS(Unit.MILLIS, 15_000, 100, 3_600_000, "how long a session may stay without a transport"),
    HEARTBEAT_INTERVAL_MS(Unit.MILLIS, 500, 10, 60_000, "interval between agent heartbeats"),
    HEARTBEAT_VOLATILE_MS(Unit.MILLIS, 2_000, 20, 600_000, "silence after which the transport is considered dead"),
    VOLATILE_TO_DEGRADED_MS(Unit.MILLIS, 4_000, 10, 3_600_000, "how long VOLATILE may last before DEGRADED"),
    LOSS_WINDOW_MS(Unit.MILLIS, 2_000, 10, 600_000, "window over which heartbeat loss is measured"),
    LOSS_VOLATILE_THRESHOLD(Unit.RATIO, 0.20, 0.01, 1.0, "loss ratio over the window that makes a transport VOLATILE"),
    MAX_CONSECUTIVE_DROPS(Unit.COUNT, 3, 1, 1_000, "consecutive lost heartbeats that make a transport VOLATILE"),
    MAX_SWITCHES_PER_MIN(Unit.COUNT, 8, 1, 600, "transport switches an agent may make per minute"),
    SWITCH_COOLDOWN_MS(Unit.MILLIS, 1_500, 0, 60_000, "minimum time between two transport switches"),
    RECOVERY_WINDOW_MS(Unit.MILLIS, 8_000, 100, 3_600_000, "how long an agent may try to reattach"),
    REATTACH_PROOF_MAX_AGE_MS(Unit.MILLIS, 5_000, 100, 600_000, "maximum clock distance of a signed timestamp"),
    REPLAY_WINDOW(Unit.FRAMES, 2_048, 64, 65_536, "frames of the sliding replay window, a multiple of 64"),
    NODE_LEASE_MS(Unit.MILLIS, 5_000, 300, 600_000, "gateway node lease in the store");

    /** How a key's value is written and checked. */
    public enum Unit {
        /** Integer milliseconds. */
        MILLIS("ms"),
        /** Integer count. */
        COUNT(""),
        /** Integer number of frames. */
        FRAMES("frames"),
        /** Decimal ratio. */
        RATIO("");

        private final String suffix;

        Unit(String suffix) {
            this.suffix = suffix;
        }

        String suffix() {
            return suffix;
        }
    }

    private final Unit unit;
    private final double defaultValue;
    private final double min;
    private final double max;
    private final String meaning;

    PolicyKey(Unit unit, double defaultValue, double min, double max, String meaning) {
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.meaning = meaning;
    }

    public Unit unit() {
        return unit;
    }

    public double defaultValue() {
        return defaultValue;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** What the key controls, one line. */
    public String meaning() {
        return meaning;
    }

    public boolean isInteger() {
        return unit != Unit.RATIO;
    }

    /** The allowed range as shown in error messages, e.g. {@code 10..60000 ms}. */
    public String range() {
        var suffix = unit.suffix().isEmpty() ? "" : " " + unit.suffix();
        return format(min) + ".." + format(max) + suffix + (this == REPLAY_WINDOW ? ", a multiple of 64" : "");
    }

    String format(double value) {
        return isInteger() ? Long.toString((long) value) : Double.toString(value);
    }

    public static Optional<PolicyKey> named(String name) {
        for (var key : values()) {
            if (key.name().equals(name)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
