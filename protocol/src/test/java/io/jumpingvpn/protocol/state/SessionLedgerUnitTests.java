package io.jumpingvpn.protocol.state;

import static io.jumpingvpn.protocol.state.SessionEvent.*;
import static io.jumpingvpn.protocol.state.SessionState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.TerminationCode;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionLedgerUnitTests {

    @Test
    void birthIsProposedAndCommittedAtVersionOne() {
        var ledger = SessionLedger.birth();
        assertThat(ledger.state()).isEqualTo(BIRTH);
        assertThat(ledger.confirmedVersion()).isZero();

        var proposed = (Step.Proposed) ledger.on(HANDSHAKE_ACCEPTED);
        assertThat(proposed.expectedVersion()).isZero();
        assertThat(proposed.proposal())
                .isEqualTo(new Transition(BIRTH, ATTACHED, HANDSHAKE_ACCEPTED, 1, Transition.Status.PROPOSED));
        assertThat(ledger.state()).as("a proposal changes nothing").isEqualTo(BIRTH);

        var committed = (Step.Committed) ledger.commit(proposed.proposal().committedAt(1));
        assertThat(committed.transitions())
                .containsExactly(Transition.committed(BIRTH, HANDSHAKE_ACCEPTED, ATTACHED, 1));
        assertThat(ledger.state()).isEqualTo(ATTACHED);
        assertThat(ledger.confirmedVersion()).isEqualTo(1);
    }

    @Test
    void liveTransitionsAreCommittedOneVersionEach() {
        var ledger = SessionLedger.confirmed(ATTACHED, 1);
        long version = 1;
        for (var event : List.of(QUALITY_BELOW_FLOOR, VOLATILITY_PERSISTED, QUALITY_RESTORED, QUALITY_BELOW_FLOOR)) {
            var proposed = (Step.Proposed) ledger.on(event);
            assertThat(proposed.expectedVersion()).isEqualTo(version);
            assertThat(proposed.proposal().version()).isEqualTo(version + 1);
            var committed = (Step.Committed) ledger.commit(proposed.proposal().committedAt(version + 1));
            assertThat(committed.transitions()).hasSize(1);
            version++;
            assertThat(ledger.confirmedVersion()).isEqualTo(version);
            assertThat(ledger.state()).isEqualTo(committed.last().to());
        }
        assertThat(ledger.state()).isEqualTo(VOLATILE);
        assertThat(ledger.confirmedVersion()).isEqualTo(5);
    }

    @Test
    void transportDeathStaysLocalUntilTheReattachCommitsItAlong() {
        var ledger = SessionLedger.confirmed(ATTACHED, 3);
        var pending = (Step.Pending) ledger.on(TRANSPORT_DEAD);
        assertThat(pending.transition())
                .isEqualTo(new Transition(ATTACHED, RECOVERING, TRANSPORT_DEAD, 4, Transition.Status.LOCAL));
        assertThat(ledger.state()).isEqualTo(RECOVERING);
        assertThat(ledger.confirmedVersion()).as("the agent still signs 3").isEqualTo(3);
        assertThat(ledger.confirmedState()).isEqualTo(ATTACHED);

        var proposed = (Step.Proposed) ledger.on(REATTACH_ACCEPTED);
        assertThat(proposed.expectedVersion()).isEqualTo(3);
        assertThat(proposed.proposal().version()).as("two transitions: 3 -> 5").isEqualTo(5);

        var committed =
                (Step.Committed) ledger.commit(Transition.committed(RECOVERING, REATTACH_ACCEPTED, ATTACHED, 5));
        assertThat(committed.transitions())
                .containsExactly(
                        Transition.committed(ATTACHED, TRANSPORT_DEAD, RECOVERING, 4),
                        Transition.committed(RECOVERING, REATTACH_ACCEPTED, ATTACHED, 5));
        assertThat(ledger.pending()).isEmpty();
        assertThat(ledger.state()).isEqualTo(ATTACHED);
        assertThat(ledger.confirmedVersion()).isEqualTo(5);
    }

    @Test
    void aReattachFromAStoredRecoveringStateAdvancesByOne() {
        var ledger = SessionLedger.confirmed(RECOVERING, 6);
        var proposed = (Step.Proposed) ledger.on(REATTACH_ACCEPTED);
        assertThat(proposed.proposal().version()).isEqualTo(7);
        var committed = (Step.Committed) ledger.commit(proposed.proposal().committedAt(7));
        assertThat(committed.transitions()).hasSize(1);
        assertThat(ledger.confirmedVersion()).isEqualTo(7);
    }

    @Test
    void pendingTransitionsTheAuthorityDidNotCountStayLocal() {
        var ledger = SessionLedger.confirmed(ATTACHED, 3);
        ledger.on(TRANSPORT_DEAD);
        var committed =
                (Step.Committed) ledger.commit(Transition.committed(RECOVERING, REATTACH_ACCEPTED, ATTACHED, 4));
        assertThat(committed.transitions().getFirst().status()).isEqualTo(Transition.Status.LOCAL);
        assertThat(committed.last().version()).isEqualTo(4);
    }

    @Test
    void aLiveCommitArrivingAfterTheTransportDiedRebasesThePending() {
        var ledger = SessionLedger.confirmed(ATTACHED, 1);
        var proposal = ((Step.Proposed) ledger.on(QUALITY_BELOW_FLOOR)).proposal();
        ledger.on(TRANSPORT_DEAD); // while the store commit was in flight
        ledger.commit(proposal.committedAt(2));
        assertThat(ledger.confirmedVersion()).isEqualTo(2);
        assertThat(ledger.confirmedState()).isEqualTo(VOLATILE);
        assertThat(ledger.state()).isEqualTo(RECOVERING);
        assertThat(ledger.pending())
                .containsExactly(new Transition(VOLATILE, RECOVERING, TRANSPORT_DEAD, 3, Transition.Status.LOCAL));
    }

    @Test
    void terminationTakesThePendingAlongAndIsFinal() {
        var ledger = SessionLedger.confirmed(DEGRADED, 8);
        ledger.on(TRANSPORT_DEAD);
        var terminated = (Step.Terminated) ledger.on(RECOVERY_WINDOW_EXCEEDED);
        assertThat(terminated.code()).isEqualTo(TerminationCode.RECOVERY_WINDOW_EXCEEDED);
        assertThat(terminated.transitions())
                .containsExactly(
                        new Transition(DEGRADED, RECOVERING, TRANSPORT_DEAD, 9, Transition.Status.LOCAL),
                        new Transition(RECOVERING, TERMINATED, RECOVERY_WINDOW_EXCEEDED, 10, Transition.Status.LOCAL));
        assertThat(ledger.state()).isEqualTo(TERMINATED);
        assertThat(ledger.isTerminated()).isTrue();
        assertThat(ledger.terminationCode()).contains(TerminationCode.RECOVERY_WINDOW_EXCEEDED);

        for (var event : SessionEvent.values()) {
            assertThat(ledger.on(event))
                    .isInstanceOfSatisfying(Step.Ignored.class, ignored -> assertThat(ignored.reason())
                            .isEqualTo(Step.Reason.ALREADY_TERMINATED));
        }
        assertThat(ledger.commit(Transition.committed(RECOVERING, REATTACH_ACCEPTED, ATTACHED, 11)))
                .isInstanceOf(Step.Ignored.class);
        assertThat(ledger.state()).isEqualTo(TERMINATED);

        // The gateway records the version the store gave the termination.
        var recorded = ledger.commit(terminated.last().committedAt(9));
        assertThat(recorded).isInstanceOf(Step.Committed.class);
        assertThat(ledger.confirmedVersion()).isEqualTo(9);
        assertThat(ledger.state()).isEqualTo(TERMINATED);
    }

    @Test
    void coincidingEventsApplyOnlyTheWinner() {
        var ledger = SessionLedger.confirmed(ATTACHED, 2);
        var step = ledger.on(EnumSet.of(QUALITY_BELOW_FLOOR, TRANSPORT_DEAD, QUALITY_RESTORED));
        assertThat(step).isInstanceOf(Step.Pending.class);
        assertThat(ledger.state()).isEqualTo(RECOVERING);
        assertThat(ledger.pending()).hasSize(1);

        var ttl = ledger.on(EnumSet.of(SESSION_TTL_EXPIRED, OWNERSHIP_UNPROVABLE, REATTACH_ACCEPTED));
        assertThat(ttl).isInstanceOfSatisfying(Step.Terminated.class, terminated -> assertThat(terminated.code())
                .isEqualTo(TerminationCode.SESSION_TTL_EXPIRED));
    }

    @Test
    void illegalEventsChangeNothing() {
        for (var state : EnumSet.complementOf(EnumSet.of(TERMINATED))) {
            for (var event : SessionEvent.values()) {
                if (StateTable.allows(state, event)) {
                    continue;
                }
                var ledger = state == BIRTH ? SessionLedger.birth() : SessionLedger.confirmed(state, 4);
                assertThat(ledger.on(event))
                        .as("%s in %s", event, state)
                        .isInstanceOfSatisfying(Step.Ignored.class, ignored -> assertThat(ignored.reason())
                                .isEqualTo(Step.Reason.NO_APPLICABLE_EVENT));
                assertThat(ledger.state()).isEqualTo(state);
                assertThat(ledger.pending()).isEmpty();
            }
        }
    }

    @Test
    void aRegressionTerminatesWithStoreStateLost() {
        var viaCommit = SessionLedger.confirmed(ATTACHED, 5);
        assertThat(viaCommit.commit(Transition.committed(ATTACHED, QUALITY_BELOW_FLOOR, VOLATILE, 4)))
                .isInstanceOfSatisfying(Step.Terminated.class, terminated -> {
                    assertThat(terminated.code()).isEqualTo(TerminationCode.STORE_STATE_LOST);
                    assertThat(terminated.last().event()).isEqualTo(VERSION_REGRESSION);
                });
        assertThat(viaCommit.isTerminated()).isTrue();

        var viaReject = SessionLedger.confirmed(ATTACHED, 5);
        viaReject.on(TRANSPORT_DEAD);
        assertThat(viaReject.adoptVersion(3)).isInstanceOf(Step.Terminated.class);

        var viaHeartbeat = SessionLedger.confirmed(ATTACHED, 5);
        assertThat(viaHeartbeat.observeVersion(7)).isInstanceOf(Step.Ignored.class);
        assertThat(viaHeartbeat.highestSeenVersion()).isEqualTo(7);
        assertThat(viaHeartbeat.observeVersion(6)).isInstanceOf(Step.Terminated.class);

        var conflicting = SessionLedger.confirmed(ATTACHED, 1);
        conflicting.commit(Transition.committed(ATTACHED, QUALITY_BELOW_FLOOR, VOLATILE, 2));
        assertThat(conflicting.commit(Transition.committed(VOLATILE, VOLATILITY_PERSISTED, DEGRADED, 2)))
                .as("a different transition at a version already confirmed")
                .isInstanceOf(Step.Terminated.class);
    }

    @Test
    void aRepeatedCommitIsADuplicate() {
        var ledger = SessionLedger.confirmed(ATTACHED, 1);
        var commit = Transition.committed(ATTACHED, QUALITY_BELOW_FLOOR, VOLATILE, 2);
        assertThat(ledger.commit(commit)).isInstanceOf(Step.Committed.class);
        assertThat(ledger.commit(commit))
                .isInstanceOfSatisfying(Step.Ignored.class, ignored -> assertThat(ignored.reason())
                        .isEqualTo(Step.Reason.DUPLICATE));
        assertThat(ledger.confirmedVersion()).isEqualTo(2);
    }

    @Test
    void aVersionFromASignedRejectIsAdoptedAndThePendingRebased() {
        var ledger = SessionLedger.confirmed(ATTACHED, 3);
        ledger.on(TRANSPORT_DEAD);
        assertThat(ledger.adoptVersion(4)).isEqualTo(new Step.VersionAdopted(3, 4));
        assertThat(ledger.confirmedVersion()).isEqualTo(4);
        assertThat(ledger.pending().getFirst().version()).isEqualTo(5);
        assertThat(ledger.adoptVersion(4)).isInstanceOf(Step.Ignored.class);

        var proposed = (Step.Proposed) ledger.on(REATTACH_ACCEPTED);
        assertThat(proposed.expectedVersion()).isEqualTo(4);
        var committed = (Step.Committed) ledger.commit(proposed.proposal().committedAt(6));
        assertThat(committed.transitions().stream().map(Transition::version)).containsExactly(5L, 6L);
    }

    @Test
    void commitsThatDoNotFitTheStateAreNotApplied() {
        var attached = SessionLedger.confirmed(ATTACHED, 2);
        assertThat(attached.commit(Transition.committed(RECOVERING, REATTACH_ACCEPTED, ATTACHED, 4)))
                .isInstanceOfSatisfying(Step.Ignored.class, ignored -> assertThat(ignored.reason())
                        .isEqualTo(Step.Reason.NOT_APPLICABLE));
        assertThat(attached.commit(Transition.committed(BIRTH, HANDSHAKE_ACCEPTED, ATTACHED, 3)))
                .isInstanceOf(Step.Ignored.class);
        assertThat(attached.commit(Transition.committed(ATTACHED, OPERATOR_TERMINATE, TERMINATED, 3)))
                .isInstanceOf(Step.Ignored.class);
        assertThat(attached.confirmedVersion()).isEqualTo(2);
        assertThatThrownBy(() -> attached.commit(
                        new Transition(ATTACHED, VOLATILE, QUALITY_BELOW_FLOOR, 3, Transition.Status.PROPOSED)))
                .hasMessageContaining("committedAt");
        assertThatThrownBy(() -> Transition.committed(ATTACHED, QUALITY_RESTORED, VOLATILE, 3))
                .hasMessageContaining("no transition");
        assertThatThrownBy(() -> SessionLedger.confirmed(BIRTH, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionLedger.confirmed(ATTACHED, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void committedVersionsOnlyEverIncrease() {
        var ledger = SessionLedger.birth();
        ledger.commit(((Step.Proposed) ledger.on(HANDSHAKE_ACCEPTED)).proposal().committedAt(1));
        long last = ledger.confirmedVersion();
        var script = List.of(
                QUALITY_BELOW_FLOOR,
                TRANSPORT_DEAD,
                REATTACH_ACCEPTED,
                QUALITY_BELOW_FLOOR,
                VOLATILITY_PERSISTED,
                QUALITY_RESTORED,
                TRANSPORT_DEAD,
                REATTACH_ACCEPTED);
        for (var event : script) {
            var step = ledger.on(event);
            if (step instanceof Step.Proposed proposed) {
                var committed = (Step.Committed) ledger.commit(
                        proposed.proposal().committedAt(proposed.proposal().version()));
                for (var transition : committed.transitions()) {
                    assertThat(transition.version()).isGreaterThan(last);
                    last = transition.version();
                }
            }
        }
        assertThat(ledger.confirmedVersion()).as("1 + 8 transitions").isEqualTo(9);
        assertThat(ledger.state()).isEqualTo(ATTACHED);
    }
}
