package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

/**
 * A part of the history that could not be read: a malformed line, a missing field, a missing file. Any problem makes a
 * run invalid, because a history that cannot be read proves nothing.
 */
public record ReadProblem(SourceRef at, String message) {

    public ReadProblem {
        requireNonNull(at, "at");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return at + ": " + message;
    }
}
