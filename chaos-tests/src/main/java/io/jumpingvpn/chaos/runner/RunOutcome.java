package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.CheckOutcome;
import java.util.List;

/** How a chaos run ended: it ran and was checked, or it could not run at all. */
public sealed interface RunOutcome {

    /** True only when the run was checked valid and the runner itself met no problem (every fault healed). */
    boolean valid();

    /** Lines to print on a terminal. */
    String summary();

    /**
     * The run happened and the checker judged its directory. {@code problems} are what went wrong on the runner's side
     * (a fault that could not be healed, a history file that could not be written); any makes the run invalid.
     */
    record Completed(CheckOutcome check, List<String> problems, String summary) implements RunOutcome {
        public Completed {
            requireNonNull(check, "check");
            problems = List.copyOf(requireNonNull(problems, "problems"));
            requireNonNull(summary, "summary");
        }

        @Override
        public boolean valid() {
            return check.valid() && problems.isEmpty();
        }
    }

    /** Nothing was judged: bad settings, an unusable directory, a cluster that did not start. One line why. */
    record NotRun(String reason) implements RunOutcome {
        public NotRun {
            requireNonNull(reason, "reason");
        }

        @Override
        public boolean valid() {
            return false;
        }

        @Override
        public String summary() {
            return "chaos run failed: " + reason + "\n";
        }
    }
}
