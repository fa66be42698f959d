package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.RunInfo;
import io.jumpingvpn.chaos.history.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Invariant 3: every invoke has exactly one completion; every fail carries a known reject code; nothing is left pending
 * except what was in flight when the run ended (within its grace window). An info completion is an unknown outcome:
 * counted, not a violation.
 */
final class DeterministicRejectionCheck {

    private final CheckContext context;
    private final List<OperationPair> operations;
    private final Findings findings = new Findings(Invariant.DETERMINISTIC_REJECTION);

    DeterministicRejectionCheck(CheckContext context, List<OperationPair> operations) {
        this.context = context;
        this.operations = operations;
    }

    InvariantResult check() {
        long graceNs = context.run().map(RunInfo::pendingGraceMs).orElse(RunInfo.DEFAULT_PENDING_GRACE_MS) * 1_000_000L;
        int unknown = 0;
        int inFlight = 0;
        for (var operation : operations) {
            if (operation.invokes().isEmpty()) {
                var orphan = operation.completions().getFirst();
                violation(
                        orphan,
                        operation.key() + " completed (" + orphan.value().type().json() + ") at "
                                + context.at(orphan.value().monoNs()) + " without ever being invoked",
                        operation.completions());
                continue;
            }
            var invoke = operation.invokes().getFirst();
            if (operation.invokes().size() > 1) {
                violation(
                        operation.invokes().get(1),
                        operation.key() + " was invoked " + operation.invokes().size()
                                + " times: an op_id must be unique per process",
                        operation.invokes());
            }
            if (operation.completions().isEmpty()) {
                if (context.endMonoNs() - invoke.value().monoNs() <= graceNs) {
                    inFlight++;
                    continue;
                }
                violation(
                        invoke,
                        operation.key() + " (" + Lines.subject(invoke.value()) + ") invoked at "
                                + context.at(invoke.value().monoNs()) + " never completed",
                        List.of(invoke));
                continue;
            }
            var completion = operation.completions().getFirst();
            if (operation.completions().size() > 1) {
                var lines = new ArrayList<>(operation.invokes());
                lines.addAll(operation.completions());
                violation(
                        operation.completions().get(1),
                        operation.key() + " was completed "
                                + operation.completions().size() + " times: an invoke has exactly one outcome",
                        lines);
            }
            if (completion.value().monoNs() < invoke.value().monoNs()) {
                violation(
                        completion,
                        operation.key() + " completed at "
                                + context.at(completion.value().monoNs()) + ", before it was invoked at "
                                + context.at(invoke.value().monoNs()),
                        List.of(invoke, completion));
            }
            switch (completion.value().type()) {
                case FAIL -> failCode(operation.key(), invoke, completion);
                case INFO -> unknown++;
                case OK, INVOKE -> {}
            }
        }
        return findings.result(operations.size() + " operations, " + unknown + " with an unknown outcome (info), "
                + inFlight + " in flight at the end of the run");
    }

    private void failCode(String key, Located<Operation> invoke, Located<Operation> fail) {
        var code = fail.value().code();
        if (code.isEmpty()) {
            violation(
                    fail,
                    key + " (" + Lines.subject(invoke.value()) + ") failed at "
                            + context.at(fail.value().monoNs()) + " without a reject code",
                    List.of(invoke, fail));
            return;
        }
        if (!Codes.REJECT.contains(code.get())) {
            violation(
                    fail,
                    key + " (" + Lines.subject(invoke.value()) + ") failed at "
                            + context.at(fail.value().monoNs()) + " with '" + Text.printable(code.get())
                            + "', which is not a reject code",
                    List.of(invoke, fail));
        }
    }

    private void violation(Located<Operation> at, String summary, List<Located<Operation>> lines) {
        var evidence = lines.stream()
                .map(line -> Evidence.line(line.at(), line.value().monoNs(), Lines.describe(line.value())))
                .toList();
        findings.violation(
                new Counterexample(summary, at.value().session(), at.value().monoNs(), evidence));
    }
}
