package io.jumpingvpn.protocol.state;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The transition table of the brief, as data. Pure and thread-safe.
 *
 * <pre>
 * BIRTH                        handshake accepted           ATTACHED
 * ATTACHED                     quality below floor          VOLATILE
 * ATTACHED, VOLATILE, DEGRADED transport dead               RECOVERING
 * VOLATILE                     quality restored             ATTACHED
 * VOLATILE                     volatility persisted         DEGRADED
 * DEGRADED                     quality restored             ATTACHED
 * RECOVERING                   reattach accepted            ATTACHED
 * RECOVERING                   recovery window exceeded     TERMINATED
 * any but TERMINATED           session TTL, transport-loss TTL, ownership unprovable, store state lost,
 *                              version regression, protocol violation, operator        TERMINATED
 * </pre>
 *
 * A switch to another transport while the current one still works is a {@code TRANSPORT_DEAD} followed by a
 * {@code REATTACH_ACCEPTED}: only RECOVERING may reattach.
 */
public final class StateTable {

    private static final Map<SessionState, Map<SessionEvent, SessionState>> TABLE = build();

    private StateTable() {}

    private static Map<SessionState, Map<SessionEvent, SessionState>> build() {
        var table = new EnumMap<SessionState, Map<SessionEvent, SessionState>>(SessionState.class);
        for (var state : SessionState.values()) {
            table.put(state, new EnumMap<>(SessionEvent.class));
        }
        row(table, EnumSet.of(SessionState.BIRTH), SessionEvent.HANDSHAKE_ACCEPTED, SessionState.ATTACHED);
        row(table, EnumSet.of(SessionState.ATTACHED), SessionEvent.QUALITY_BELOW_FLOOR, SessionState.VOLATILE);
        row(
                table,
                EnumSet.of(SessionState.ATTACHED, SessionState.VOLATILE, SessionState.DEGRADED),
                SessionEvent.TRANSPORT_DEAD,
                SessionState.RECOVERING);
        row(
                table,
                EnumSet.of(SessionState.VOLATILE, SessionState.DEGRADED),
                SessionEvent.QUALITY_RESTORED,
                SessionState.ATTACHED);
        row(table, EnumSet.of(SessionState.VOLATILE), SessionEvent.VOLATILITY_PERSISTED, SessionState.DEGRADED);
        row(table, EnumSet.of(SessionState.RECOVERING), SessionEvent.REATTACH_ACCEPTED, SessionState.ATTACHED);
        row(table, EnumSet.of(SessionState.RECOVERING), SessionEvent.RECOVERY_WINDOW_EXCEEDED, SessionState.TERMINATED);
        var live = EnumSet.complementOf(EnumSet.of(SessionState.TERMINATED));
        for (var event : SessionEvent.values()) {
            if (event.kind() == SessionEvent.Kind.FINAL && event != SessionEvent.RECOVERY_WINDOW_EXCEEDED) {
                row(table, live, event, SessionState.TERMINATED);
            }
        }
        table.replaceAll((state, row) -> Map.copyOf(row));
        return Map.copyOf(table);
    }

    private static void row(
            Map<SessionState, Map<SessionEvent, SessionState>> table,
            Set<SessionState> from,
            SessionEvent event,
            SessionState to) {
        for (var state : from) {
            table.get(state).put(event, to);
        }
    }

    /** Where {@code event} takes a session in {@code from}; empty when the table has no such entry. */
    public static Optional<SessionState> target(SessionState from, SessionEvent event) {
        requireNonNull(from, "from");
        requireNonNull(event, "event");
        return Optional.ofNullable(TABLE.get(from).get(event));
    }

    public static boolean allows(SessionState from, SessionEvent event) {
        return target(from, event).isPresent();
    }

    /** Whether {@code event} takes {@code from} exactly to {@code to}. */
    public static boolean allows(SessionState from, SessionEvent event, SessionState to) {
        requireNonNull(to, "to");
        return target(from, event).filter(to::equals).isPresent();
    }

    /** The events the table accepts in {@code state}. */
    public static Set<SessionEvent> eventsIn(SessionState state) {
        requireNonNull(state, "state");
        var events = TABLE.get(state).keySet();
        return events.isEmpty() ? EnumSet.noneOf(SessionEvent.class) : EnumSet.copyOf(events);
    }

    /**
     * Of coinciding {@code events}, the one that applies in {@code state}: the highest-priority event the table accepts
     * there. Events the table does not accept in {@code state} are ignored; empty when none applies.
     */
    public static Optional<SessionEvent> select(SessionState state, Collection<SessionEvent> events) {
        requireNonNull(state, "state");
        requireNonNull(events, "events");
        return events.stream()
                .filter(event -> allows(state, event))
                .min(Comparator.comparingInt(SessionEvent::priority));
    }
}
