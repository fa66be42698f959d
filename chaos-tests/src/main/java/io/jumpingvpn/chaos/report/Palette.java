package io.jumpingvpn.chaos.report;

import io.jumpingvpn.chaos.checker.Outcome;
import java.util.List;

/** The colours of the report, chosen to be told apart also by people with the common colour blindnesses. */
final class Palette {

    private static final List<String> FAULTS = List.of(
            "#4e79a7", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#59a14f",
            "#e15759");

    static final String VIOLATION = "#c0392b";
    static final String HEAL = "#2e8b57";

    private Palette() {}

    static String outcome(Outcome outcome) {
        return switch (outcome) {
            case OK -> "#2e9d4c";
            case FAIL -> "#d0342c";
            case INFO -> "#e69500";
            case PENDING -> "#7f7f7f";
        };
    }

    /** The colour of the {@code index}-th fault kind in sorted order. */
    static String fault(int index) {
        return FAULTS.get(Math.floorMod(index, FAULTS.size()));
    }
}
