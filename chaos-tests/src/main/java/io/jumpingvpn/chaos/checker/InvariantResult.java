package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The verdict on one invariant.
 *
 * @param counterexamples the first ones found (at most {@link #MAX_COUNTEREXAMPLES})
 * @param counterexampleCount how many were found in all
 * @param unknowns why the history could not decide, when it could not
 * @param checked what was looked at, in one line ("84 binding intervals of 20 sessions on 3 nodes")
 */
public record InvariantResult(
        Invariant invariant,
        Verdict verdict,
        List<Counterexample> counterexamples,
        int counterexampleCount,
        List<String> unknowns,
        String checked) {

    public static final int MAX_COUNTEREXAMPLES = 50;

    public InvariantResult {
        requireNonNull(invariant, "invariant");
        requireNonNull(verdict, "verdict");
        counterexamples = List.copyOf(requireNonNull(counterexamples, "counterexamples"));
        unknowns = List.copyOf(requireNonNull(unknowns, "unknowns"));
        requireNonNull(checked, "checked");
        if (counterexampleCount < counterexamples.size()) {
            throw new IllegalArgumentException("counterexampleCount is below the counterexamples listed");
        }
        var expected = counterexampleCount > 0 ? Verdict.INVALID : unknowns.isEmpty() ? Verdict.VALID : Verdict.UNKNOWN;
        if (verdict != expected) {
            throw new IllegalArgumentException("verdict " + verdict + " does not follow from " + counterexampleCount
                    + " counterexamples and " + unknowns.size() + " unknowns");
        }
    }

    public boolean valid() {
        return verdict == Verdict.VALID;
    }
}
