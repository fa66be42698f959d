package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

/** The answer to {@link Agent#switchTo}. */
public sealed interface SwitchOutcome {

    /** The session left its transport and is reattaching at the target. */
    record Started() implements SwitchOutcome {}

    /** The switch was not started. */
    record Refused(Reason reason, String detail) implements SwitchOutcome {
        public Refused {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }

    enum Reason {
        /** The session is not attached (born yet, recovering, or over). */
        NOT_ATTACHED,
        /** MAX_SWITCHES_PER_MIN or SWITCH_COOLDOWN_MS does not allow a switch now. */
        SWITCH_LIMIT,
        /** The target is not a dialable udp or tcp candidate, or too many candidates were learned. */
        BAD_TARGET
    }
}
