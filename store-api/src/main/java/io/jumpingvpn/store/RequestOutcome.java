package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a record's short history of request ids. {@code COMMITTED} entries make retries idempotent and replays
 * recognisable; {@code FENCED} entries are written by reconciliation after an unknown outcome so that the request, if
 * it is still in flight somewhere, can never commit later.
 */
public record RequestOutcome(RequestId request, NodeRef node, long version, Kind kind) {

    public enum Kind {
        COMMITTED,
        FENCED
    }

    public RequestOutcome {
        requireNonNull(request, "request");
        requireNonNull(node, "node");
        requireNonNull(kind, "kind");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }
}
