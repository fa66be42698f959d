package io.jumpingvpn.protocol.state;

import io.jumpingvpn.protocol.TerminationCode;
import java.util.Optional;

/**
 * What can happen to a session. Each event has a stable wire value, a priority (lower wins when events coincide) and a
 * kind that decides how the version rule treats it. The priority order is the brief's (session TTL expiry > ownership
 * conflict > transport dead > quality drop > quality restored) with the other terminations placed above every
 * non-terminating event, so that a session that must end never takes another step first.
 */
public enum SessionEvent {
    SESSION_TTL_EXPIRED(8, 0, Kind.FINAL, TerminationCode.SESSION_TTL_EXPIRED),
    OWNERSHIP_UNPROVABLE(10, 1, Kind.FINAL, TerminationCode.OWNERSHIP_UNPROVEN),
    STORE_STATE_LOST(11, 2, Kind.FINAL, TerminationCode.STORE_STATE_LOST),
    /** The agent saw a version lower than one it had seen: the store lost writes. */
    VERSION_REGRESSION(12, 3, Kind.FINAL, TerminationCode.STORE_STATE_LOST),
    /** The peer broke the protocol inside an authenticated channel (a malformed sealed body, an illegal commit). */
    PROTOCOL_VIOLATION(13, 4, Kind.FINAL, TerminationCode.FATAL_PROTOCOL_ERROR),
    TRANSPORT_LOSS_TTL_EXPIRED(9, 5, Kind.FINAL, TerminationCode.TRANSPORT_LOSS_TTL_EXPIRED),
    RECOVERY_WINDOW_EXCEEDED(7, 6, Kind.FINAL, TerminationCode.RECOVERY_WINDOW_EXCEEDED),
    OPERATOR_TERMINATE(14, 7, Kind.FINAL, TerminationCode.OPERATOR_TERMINATE),
    TRANSPORT_DEAD(3, 8, Kind.LOCAL, null),
    REATTACH_ACCEPTED(6, 9, Kind.COMMIT, null),
    VOLATILITY_PERSISTED(5, 10, Kind.COMMIT, null),
    QUALITY_BELOW_FLOOR(2, 11, Kind.COMMIT, null),
    QUALITY_RESTORED(4, 12, Kind.COMMIT, null),
    HANDSHAKE_ACCEPTED(1, 13, Kind.COMMIT, null);

    /** How the version rule treats an event. */
    public enum Kind {
        /** Detected while the transport is dead: kept locally, committed later with the next agent-proven commit. */
        LOCAL,
        /** Must be committed (store on the gateway, the gateway's word on the agent) before it counts. */
        COMMIT,
        /** Ends the session at once; termination also commits what is pending. */
        FINAL
    }

    private final int wire;
    private final int priority;
    private final Kind kind;
    private final TerminationCode termination;

    SessionEvent(int wire, int priority, Kind kind, TerminationCode termination) {
        this.wire = wire;
        this.priority = priority;
        this.kind = kind;
        this.termination = termination;
    }

    /** The one-byte wire value. */
    public int wireValue() {
        return wire;
    }

    public static Optional<SessionEvent> fromWire(int value) {
        for (var event : values()) {
            if (event.wire == value) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /** Lower wins when several events coincide. */
    public int priority() {
        return priority;
    }

    public Kind kind() {
        return kind;
    }

    /** The termination code of a {@link Kind#FINAL} event. */
    public Optional<TerminationCode> terminationCode() {
        return Optional.ofNullable(termination);
    }

    /** The event that terminates a session with {@code code}. */
    public static SessionEvent terminatingWith(TerminationCode code) {
        return switch (code) {
            case SESSION_TTL_EXPIRED -> SESSION_TTL_EXPIRED;
            case TRANSPORT_LOSS_TTL_EXPIRED -> TRANSPORT_LOSS_TTL_EXPIRED;
            case RECOVERY_WINDOW_EXCEEDED -> RECOVERY_WINDOW_EXCEEDED;
            case OWNERSHIP_UNPROVEN -> OWNERSHIP_UNPROVABLE;
            case STORE_STATE_LOST -> STORE_STATE_LOST;
            case OPERATOR_TERMINATE -> OPERATOR_TERMINATE;
            case FATAL_PROTOCOL_ERROR -> PROTOCOL_VIOLATION;
        };
    }
}
