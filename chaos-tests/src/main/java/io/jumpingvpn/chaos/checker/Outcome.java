package io.jumpingvpn.chaos.checker;

import java.util.Locale;

/** How an operation ended, as counted in the report. */
public enum Outcome {
    OK,
    FAIL,
    /** Unknown outcome: it may or may not have taken effect. */
    INFO,
    /** No completion when the history ended. */
    PENDING;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
