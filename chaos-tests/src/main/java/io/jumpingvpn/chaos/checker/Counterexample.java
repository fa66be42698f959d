package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A small, human-readable proof that an invariant was broken: one summary line and the history lines behind it.
 *
 * @param monoNs when it happened (CLOCK_MONOTONIC), for placing it on the timeline
 */
public record Counterexample(String summary, Optional<String> session, long monoNs, List<Evidence> evidence) {

    public Counterexample {
        requireNonNull(summary, "summary");
        requireNonNull(session, "session");
        evidence = List.copyOf(requireNonNull(evidence, "evidence"));
    }
}
