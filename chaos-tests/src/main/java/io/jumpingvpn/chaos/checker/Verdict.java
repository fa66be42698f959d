package io.jumpingvpn.chaos.checker;

import java.util.Locale;

/** What the history says about one invariant. */
public enum Verdict {
    /** Checked, and it holds. */
    VALID,
    /** At least one counterexample. */
    INVALID,
    /** No counterexample, but the history cannot decide (it ends too early, run.json is unreadable, ...). */
    UNKNOWN;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
