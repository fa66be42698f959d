package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

/** A record of the history together with the line it was read from. */
public record Located<T>(SourceRef at, T value) {

    public Located {
        requireNonNull(at, "at");
        requireNonNull(value, "value");
    }
}
