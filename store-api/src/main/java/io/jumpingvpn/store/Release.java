package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * The acknowledgement of a hand-over: {@code releasedBy}, the previous owner, has stopped forwarding for
 * {@code session}, which the commit at {@code version} moved to {@code to}. Announced with
 * {@link SessionStore#announceRelease} after the previous owner received the {@link Handover}; delivered, best effort,
 * to {@code to} through {@link SessionStore#watch}. It lets the new owner start forwarding before
 * {@link SessionRecord#handoverUntilMs()}; it is never needed for safety: without it the new owner waits that long.
 *
 * @param version the version of the commit that moved the session ({@link Handover#version()})
 */
public record Release(SessionId session, long version, NodeRef releasedBy, NodeRef to) {

    public Release {
        requireNonNull(session, "session");
        requireNonNull(releasedBy, "releasedBy");
        requireNonNull(to, "to");
        if (version < 2) {
            throw new IllegalArgumentException("a release follows a hand-over: version must be >= 2, got " + version);
        }
        if (releasedBy.equals(to)) {
            throw new IllegalArgumentException("a node does not release a session to itself: " + to);
        }
    }

    /** The release that answers {@code handover}, when it moved the session to a new owner. */
    public static Release of(Handover handover) {
        requireNonNull(handover, "handover");
        var to = handover.to()
                .orElseThrow(() -> new IllegalArgumentException(
                        "a terminated session has no new owner to release it to: " + handover));
        return new Release(handover.session(), handover.version(), handover.from(), to);
    }
}
