package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Collects what one invariant check finds. It keeps the earliest counterexamples in time (a run that breaks once
 * usually breaks again as a consequence; the first ones explain the rest) and counts all of them.
 */
final class Findings {

    private static final Comparator<Counterexample> BY_TIME = Comparator.comparingLong(Counterexample::monoNs);

    private final Invariant invariant;
    private final PriorityQueue<Counterexample> latestFirst = new PriorityQueue<>(BY_TIME.reversed());
    private final Set<String> unknowns = new LinkedHashSet<>();
    private int count;

    Findings(Invariant invariant) {
        this.invariant = requireNonNull(invariant, "invariant");
    }

    void violation(Counterexample counterexample) {
        requireNonNull(counterexample, "counterexample");
        count++;
        latestFirst.add(counterexample);
        if (latestFirst.size() > InvariantResult.MAX_COUNTEREXAMPLES) {
            latestFirst.poll();
        }
    }

    void unknown(String why) {
        unknowns.add(requireNonNull(why, "why"));
    }

    InvariantResult result(String checked) {
        var earliest = latestFirst.stream().sorted(BY_TIME).toList();
        var verdict = count > 0 ? Verdict.INVALID : unknowns.isEmpty() ? Verdict.VALID : Verdict.UNKNOWN;
        return new InvariantResult(invariant, verdict, earliest, count, List.copyOf(unknowns), checked);
    }
}
