package io.jumpingvpn.protocol.state;

import static io.jumpingvpn.protocol.state.SessionEvent.*;
import static io.jumpingvpn.protocol.state.SessionState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of the brief, entry by entry, written out here independently of the implementation. */
class StateTableUnitTests {

    private static final Set<SessionEvent> TERMINATING_ANYWHERE = EnumSet.of(
            SESSION_TTL_EXPIRED,
            TRANSPORT_LOSS_TTL_EXPIRED,
            OWNERSHIP_UNPROVABLE,
            STORE_STATE_LOST,
            VERSION_REGRESSION,
            PROTOCOL_VIOLATION,
            OPERATOR_TERMINATE);

    private static Map<String, SessionState> expectedTable() {
        var table = new HashMap<String, SessionState>();
        table.put(key(BIRTH, HANDSHAKE_ACCEPTED), ATTACHED);
        table.put(key(ATTACHED, QUALITY_BELOW_FLOOR), VOLATILE);
        for (var state : List.of(ATTACHED, VOLATILE, DEGRADED)) {
            table.put(key(state, TRANSPORT_DEAD), RECOVERING);
        }
        table.put(key(VOLATILE, QUALITY_RESTORED), ATTACHED);
        table.put(key(VOLATILE, VOLATILITY_PERSISTED), DEGRADED);
        table.put(key(DEGRADED, QUALITY_RESTORED), ATTACHED);
        table.put(key(RECOVERING, REATTACH_ACCEPTED), ATTACHED);
        table.put(key(RECOVERING, RECOVERY_WINDOW_EXCEEDED), TERMINATED);
        for (var state : EnumSet.complementOf(EnumSet.of(TERMINATED))) {
            for (var event : TERMINATING_ANYWHERE) {
                table.put(key(state, event), TERMINATED);
            }
        }
        return table;
    }

    private static String key(SessionState state, SessionEvent event) {
        return state + " " + event;
    }

    @Test
    void everyEntryAndEveryIllegalPairMatchTheBrief() {
        var expected = expectedTable();
        int legal = 0;
        for (var state : SessionState.values()) {
            for (var event : SessionEvent.values()) {
                var target = StateTable.target(state, event);
                var wanted = expected.get(key(state, event));
                if (wanted == null) {
                    assertThat(target).as("%s --%s--> (illegal)", state, event).isEmpty();
                    assertThat(StateTable.allows(state, event)).isFalse();
                } else {
                    legal++;
                    assertThat(target).as("%s --%s-->", state, event).contains(wanted);
                    assertThat(StateTable.allows(state, event, wanted)).isTrue();
                }
            }
        }
        assertThat(legal).isEqualTo(expected.size());
    }

    @Test
    void terminatedIsFinalAndNothingGoesBackToBirth() {
        assertThat(StateTable.eventsIn(TERMINATED)).isEmpty();
        for (var state : SessionState.values()) {
            for (var event : SessionEvent.values()) {
                assertThat(StateTable.target(state, event).filter(BIRTH::equals))
                        .as("%s %s", state, event)
                        .isEmpty();
            }
        }
    }

    @Test
    void terminatingEventsCarryTheirCodes() {
        for (var event : SessionEvent.values()) {
            boolean final_ = event.kind() == SessionEvent.Kind.FINAL;
            assertThat(event.terminationCode().isPresent()).as(event.name()).isEqualTo(final_);
            if (final_) {
                assertThat(SessionEvent.terminatingWith(event.terminationCode().get())
                                .terminationCode())
                        .isEqualTo(event.terminationCode());
            }
        }
        assertThat(TRANSPORT_DEAD.kind()).isEqualTo(SessionEvent.Kind.LOCAL);
    }

    @Test
    void coincidingEventsResolveByTheBriefsPriority() {
        // session TTL expiry > ownership conflict > transport dead > quality drop > quality restored
        var all = EnumSet.of(
                SESSION_TTL_EXPIRED, OWNERSHIP_UNPROVABLE, TRANSPORT_DEAD, QUALITY_BELOW_FLOOR, QUALITY_RESTORED);
        assertThat(StateTable.select(ATTACHED, all)).contains(SESSION_TTL_EXPIRED);
        all.remove(SESSION_TTL_EXPIRED);
        assertThat(StateTable.select(ATTACHED, all)).contains(OWNERSHIP_UNPROVABLE);
        all.remove(OWNERSHIP_UNPROVABLE);
        assertThat(StateTable.select(ATTACHED, all)).contains(TRANSPORT_DEAD);
        all.remove(TRANSPORT_DEAD);
        assertThat(StateTable.select(ATTACHED, all)).contains(QUALITY_BELOW_FLOOR);

        assertThat(StateTable.select(VOLATILE, EnumSet.of(QUALITY_RESTORED, VOLATILITY_PERSISTED)))
                .contains(VOLATILITY_PERSISTED);
        assertThat(StateTable.select(DEGRADED, EnumSet.of(QUALITY_RESTORED, TRANSPORT_DEAD)))
                .contains(TRANSPORT_DEAD);
        assertThat(StateTable.select(RECOVERING, EnumSet.of(REATTACH_ACCEPTED, RECOVERY_WINDOW_EXCEEDED)))
                .contains(RECOVERY_WINDOW_EXCEEDED);
        assertThat(StateTable.select(RECOVERING, EnumSet.of(TRANSPORT_LOSS_TTL_EXPIRED, SESSION_TTL_EXPIRED)))
                .contains(SESSION_TTL_EXPIRED);
        // Events that do not apply in the state are ignored, whatever their priority.
        assertThat(StateTable.select(RECOVERING, EnumSet.of(TRANSPORT_DEAD, QUALITY_RESTORED)))
                .isEmpty();
        assertThat(StateTable.select(ATTACHED, EnumSet.of(QUALITY_RESTORED, REATTACH_ACCEPTED)))
                .isEmpty();
        assertThat(StateTable.select(TERMINATED, EnumSet.allOf(SessionEvent.class)))
                .isEmpty();
    }

    @Test
    void everyTerminationOutranksEveryOtherEvent() {
        for (var terminating : SessionEvent.values()) {
            if (terminating.kind() != SessionEvent.Kind.FINAL) {
                continue;
            }
            for (var other : SessionEvent.values()) {
                if (other.kind() != SessionEvent.Kind.FINAL) {
                    assertThat(terminating.priority()).isLessThan(other.priority());
                }
            }
        }
        assertThat(EnumSet.allOf(SessionEvent.class).stream()
                        .map(SessionEvent::priority)
                        .distinct()
                        .count())
                .isEqualTo(SessionEvent.values().length);
    }

    @Test
    void wireValuesAreStableAndDistinct() {
        assertThat(SessionState.fromWire(1)).contains(BIRTH);
        assertThat(SessionState.fromWire(6)).contains(TERMINATED);
        assertThat(SessionState.fromWire(0)).isEmpty();
        assertThat(SessionEvent.fromWire(1)).contains(HANDSHAKE_ACCEPTED);
        assertThat(SessionEvent.fromWire(14)).contains(OPERATOR_TERMINATE);
        assertThat(SessionEvent.fromWire(15)).isEmpty();
        for (var event : SessionEvent.values()) {
            assertThat(SessionEvent.fromWire(event.wireValue())).contains(event);
        }
    }
}
