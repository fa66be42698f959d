package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.SourceRef;
import java.util.Optional;

/**
 * When a node held the permission to forward for a session: from its {@code bind} to the earliest of its
 * {@code unbind} (or next bind), its process exit, and the lapse of its lease proof. Half-open:
 * {@code [startMonoNs, endMonoNs)}; {@link #OPEN} when nothing ended it before the history did.
 *
 * @param endReason what ended it, in words
 * @param endAt the line that ended it (the unbind, the process exit, the last lease proof), when there is one
 */
public record PermissionInterval(
        String node,
        String session,
        long epoch,
        long version,
        long startMonoNs,
        long endMonoNs,
        SourceRef startAt,
        String endReason,
        Optional<SourceRef> endAt) {

    public static final long OPEN = Long.MAX_VALUE;

    public PermissionInterval {
        requireNonNull(node, "node");
        requireNonNull(session, "session");
        requireNonNull(startAt, "startAt");
        requireNonNull(endReason, "endReason");
        requireNonNull(endAt, "endAt");
    }

    public boolean isEmpty() {
        return endMonoNs <= startMonoNs;
    }

    public boolean contains(long monoNs) {
        return startMonoNs <= monoNs && monoNs < endMonoNs;
    }

    public boolean isOpen() {
        return endMonoNs == OPEN;
    }
}
