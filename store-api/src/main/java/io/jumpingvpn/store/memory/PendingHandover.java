package io.jumpingvpn.store.memory;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionRecord;
import java.util.Optional;

/**
 * The hand-over still pending after a commit (docs/store.md, the record's fields and "Hand-overs"): until store time {@code untilMs} a node
 * other than the owner may still forward; {@code previousOwner}, when present, is the one node that may, whose
 * {@link io.jumpingvpn.store.Release} ends the wait early. Empty with 0: nothing to wait for.
 */
record PendingHandover(Optional<NodeRef> previousOwner, long untilMs) {

    private static final PendingHandover NONE = new PendingHandover(Optional.empty(), 0);

    PendingHandover {
        requireNonNull(previousOwner, "previousOwner");
        if (untilMs < 0) {
            throw new IllegalArgumentException("untilMs must be >= 0, got " + untilMs);
        }
    }

    /**
     * The same, minus the wait for {@code stopped}, which vouched that it forwards no more: nothing to wait for
     * when it was the one named, else whatever earlier hand-over still runs, named by nobody.
     */
    PendingHandover withoutWaitingFor(NodeRef stopped) {
        if (previousOwner.isPresent() && previousOwner.get().equals(stopped)) {
            return new PendingHandover(previousOwner, 0);
        }
        return untilMs == 0 ? this : new PendingHandover(Optional.empty(), untilMs);
    }

    /** What a commit that keeps the owner carries forward: the record's hand-over while it still runs. */
    static PendingHandover pending(SessionRecord record, long nowMs) {
        return record.handoverUntilMs() > nowMs
                ? new PendingHandover(record.previousOwner(), record.handoverUntilMs())
                : NONE;
    }
}
