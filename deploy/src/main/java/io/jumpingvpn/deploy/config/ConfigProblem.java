package io.jumpingvpn.deploy.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A value of the node configuration the node cannot run with, found while the typed configuration is built.
 * {@code key} is the offending key relative to the section that found it; the loader turns it into the full dotted
 * key, where the value came from, and one line.
 */
public final class ConfigProblem extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public ConfigProblem(String key, String problem) {
        super("'" + requireNonNull(key, "key") + "': " + requireNonNull(problem, "problem"));
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw new ConfigProblem(key, problem);
        }
    }

    static int range(Integer value, int fallback, String key, int min, int max) {
        int v = value == null ? fallback : value;
        check(v >= min && v <= max, key, v + " is outside " + min + ".." + max);
        return v;
    }

    static long range(Long value, long fallback, String key, long min, long max) {
        long v = value == null ? fallback : value;
        check(v >= min && v <= max, key, v + " is outside " + min + ".." + max);
        return v;
    }

    static Duration range(Duration value, Duration fallback, String key, Duration min, Duration max) {
        var v = value == null ? fallback : value;
        check(
                v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
                key,
                v.toMillis() + " ms is outside " + Durations.text(min) + ".." + Durations.text(max));
        return v;
    }

    static String oneOf(String value, String fallback, String key, List<String> allowed) {
        var v = value == null ? fallback : value;
        check(allowed.contains(v), key, "'" + v + "' is not one of " + String.join(", ", allowed));
        return v;
    }
}
