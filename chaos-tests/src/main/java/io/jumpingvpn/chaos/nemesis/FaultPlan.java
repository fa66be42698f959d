package io.jumpingvpn.chaos.nemesis;

import static java.util.Objects.requireNonNull;

/**
 * One planned fault: what, on which target, when (milliseconds after the run started) and for how long, and the size
 * of the fault where a kind has one (the delay of {@code slow-redis}, the clock offset of {@code clock-skew}).
 *
 * @param id {@code f1}, {@code f2}, ... in the order of their planned start
 * @param target a node id, or {@code redis}
 * @param amount the delay in ms (slow-redis), the clock offset in ms (clock-skew), else 0
 */
public record FaultPlan(String id, NemesisKind kind, String target, long startMs, long lengthMs, long amount) {

    /** The target of faults that hit Redis as a whole. */
    public static final String REDIS = "redis";

    public FaultPlan {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
        if (startMs < 0 || lengthMs < 1) {
            throw new IllegalArgumentException(
                    "a fault starts at >= 0 ms and lasts >= 1 ms, got " + startMs + " + " + lengthMs);
        }
        if ((kind.scope() == NemesisKind.Scope.REDIS) != target.equals(REDIS)) {
            throw new IllegalArgumentException(kind + " cannot target " + target);
        }
    }

    public long endMs() {
        return startMs + lengthMs;
    }

    @Override
    public String toString() {
        return id + " " + kind + " on " + target + " at +" + startMs + " ms for " + lengthMs + " ms"
                + (amount != 0 ? " (" + amount + ")" : "");
    }
}
