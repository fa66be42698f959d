package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/** One operation as the report plots it: who, at which node, when, how it ended and what it cost. */
public record OpSample(
        String process,
        String op,
        Optional<String> node,
        long invokeMonoNs,
        OptionalLong completionMonoNs,
        Outcome outcome,
        Optional<String> code) {

    public OpSample {
        requireNonNull(process, "process");
        requireNonNull(op, "op");
        requireNonNull(node, "node");
        requireNonNull(completionMonoNs, "completionMonoNs");
        requireNonNull(outcome, "outcome");
        requireNonNull(code, "code");
    }

    /** Invoke to completion, when it completed. */
    public OptionalLong latencyNs() {
        return completionMonoNs.isPresent()
                ? OptionalLong.of(completionMonoNs.getAsLong() - invokeMonoNs)
                : OptionalLong.empty();
    }
}
