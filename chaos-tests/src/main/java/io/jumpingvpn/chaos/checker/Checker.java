package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.History;
import java.util.List;

/**
 * Decides every invariant of the system brief (section 8) from a history alone. Stateless; a history that could not
 * be fully read is still checked as far as it goes, and the result is then invalid whatever the invariants say.
 */
public final class Checker {

    public CheckResult check(History history) {
        requireNonNull(history, "history");
        var context = CheckContext.of(history);
        var leases = LeaseCoverage.of(history.nodeEvents());
        var intervals = PermissionIntervals.build(history, leases, context.time());
        var operations = OperationPair.of(history);
        var invariants = List.of(
                new NoDualActiveCheck(context, intervals, leases).check(),
                new VersionsMonotonicCheck(context).check(),
                new DeterministicRejectionCheck(context, operations).check(),
                new ExplicitTerminationCheck(context, operations).check(),
                new LivenessAfterHealCheck(context).check());
        return new CheckResult(
                history.dir(),
                context.run(),
                context.time(),
                context.endMonoNs(),
                history.problems(),
                invariants,
                Statistics.collect(context, operations, intervals));
    }
}
