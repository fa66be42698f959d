package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.ReadProblem;
import io.jumpingvpn.chaos.history.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the checker concluded about one run directory.
 *
 * @param time the time base of the run (its start), for showing times
 * @param endMonoNs when the history ends
 * @param problems what could not be read; any problem makes the run invalid
 * @param invariants one result per {@link Invariant}, in the order of the enum
 */
public record CheckResult(
        Path dir,
        Optional<RunInfo> run,
        Timebase time,
        long endMonoNs,
        List<ReadProblem> problems,
        List<InvariantResult> invariants,
        Statistics statistics) {

    public CheckResult {
        requireNonNull(dir, "dir");
        requireNonNull(run, "run");
        requireNonNull(time, "time");
        problems = List.copyOf(requireNonNull(problems, "problems"));
        invariants = List.copyOf(requireNonNull(invariants, "invariants"));
        requireNonNull(statistics, "statistics");
        var names = invariants.stream().map(InvariantResult::invariant).toList();
        if (!names.equals(List.of(Invariant.values()))) {
            throw new IllegalArgumentException("one result per invariant, in order, expected; got " + names);
        }
    }

    /** True only when the history was fully readable and every invariant holds. */
    public boolean valid() {
        return readable() && invariants.stream().allMatch(InvariantResult::valid);
    }

    public boolean readable() {
        return problems.isEmpty();
    }

    public InvariantResult result(Invariant invariant) {
        return invariants.get(invariant.ordinal());
    }
}
