package io.jumpingvpn.chaos;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.checker.CheckResult;
import java.nio.file.Path;

/** What {@link ChaosCheck#check} did: it checked the run and wrote its reports, or it could not. */
public sealed interface CheckOutcome {

    /** True only when the run was checked and is valid. */
    boolean valid();

    /** Lines to print on a terminal. */
    String summary();

    /** The run was checked; {@code report.json} and {@code report.html} were written. */
    record Checked(CheckResult result, Path reportJson, Path reportHtml, String summary) implements CheckOutcome {
        public Checked {
            requireNonNull(result, "result");
            requireNonNull(reportJson, "reportJson");
            requireNonNull(reportHtml, "reportHtml");
            requireNonNull(summary, "summary");
        }

        @Override
        public boolean valid() {
            return result.valid();
        }
    }

    /** Nothing could be checked or reported: the directory is missing, or the reports could not be written. */
    record Failed(String reason) implements CheckOutcome {
        public Failed {
            requireNonNull(reason, "reason");
        }

        @Override
        public boolean valid() {
            return false;
        }

        @Override
        public String summary() {
            return "chaos check failed: " + reason + "\n";
        }
    }
}
