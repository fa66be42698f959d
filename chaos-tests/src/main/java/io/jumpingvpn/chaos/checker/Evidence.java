package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.SourceRef;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of a counterexample: what a history line says, where it is and when it happened.
 *
 * @param at the history line, when the evidence is one
 * @param monoNs when, on the host's CLOCK_MONOTONIC
 */
public record Evidence(Optional<SourceRef> at, OptionalLong monoNs, String text) {

    public Evidence {
        requireNonNull(at, "at");
        requireNonNull(monoNs, "monoNs");
        requireNonNull(text, "text");
    }

    public static Evidence line(SourceRef at, long monoNs, String text) {
        return new Evidence(Optional.of(at), OptionalLong.of(monoNs), text);
    }

    public static Evidence note(String text) {
        return new Evidence(Optional.empty(), OptionalLong.empty(), text);
    }
}
