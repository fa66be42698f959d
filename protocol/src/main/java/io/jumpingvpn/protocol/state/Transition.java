package io.jumpingvpn.protocol.state;

import static java.util.Objects.requireNonNull;

/**
 * One state change of a session, as emitted to events: {@code from} to {@code to} because of {@code event}, at
 * {@code version}. {@code status} says how much the version can be trusted: {@link Status#COMMITTED} versions are
 * authoritative (the store holds them; the agent got them from the gateway), the others are tentative.
 */
public record Transition(SessionState from, SessionState to, SessionEvent event, long version, Status status) {

    public enum Status {
        /** Kept locally: seen while the transport was dead, or a termination not (yet) committed. */
        LOCAL,
        /** Waiting for its commit; {@code version} is the version it will get if nothing else commits first. */
        PROPOSED,
        /** Committed at {@code version}. */
        COMMITTED
    }

    public Transition {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(event, "event");
        requireNonNull(status, "status");
        if (!StateTable.allows(from, event, to)) {
            throw new IllegalArgumentException(
                    "the state table has no transition " + from + " --" + event + "--> " + to);
        }
        if (version < 1) {
            throw new IllegalArgumentException("a transition version is >= 1, got " + version);
        }
    }

    /** A transition the authority committed at {@code version}. */
    public static Transition committed(SessionState from, SessionEvent event, SessionState to, long version) {
        return new Transition(from, to, event, version, Status.COMMITTED);
    }

    /** This transition, committed at {@code committedVersion}. */
    public Transition committedAt(long committedVersion) {
        return new Transition(from, to, event, committedVersion, Status.COMMITTED);
    }

    Transition renumbered(long newVersion, Status newStatus) {
        return new Transition(from, to, event, newVersion, newStatus);
    }

    Transition from(SessionState newFrom) {
        return new Transition(newFrom, to, event, version, status);
    }
}
