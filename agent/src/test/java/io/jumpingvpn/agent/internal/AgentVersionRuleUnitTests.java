package io.jumpingvpn.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.agent.internal.recovery.RejectAction;
import io.jumpingvpn.agent.internal.recovery.RejectRules;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.StateUpdate;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The version rule as the agent applies it: the same ledger calls, in the same order, that {@code AttachPhase} and
 * {@code LivePhase} make for a birth, a live commit, a dead transport, an adopted version, a reattach, and the
 * regressions that must end the session.
 */
class AgentVersionRuleUnitTests {

    private final SessionLedger ledger = SessionLedger.birth();

    private void born() {
        var step = ledger.commit(
                Transition.committed(SessionState.BIRTH, SessionEvent.HANDSHAKE_ACCEPTED, SessionState.ATTACHED, 1));
        assertThat(step).isInstanceOf(Step.Committed.class);
    }

    private Step reattachAcked(long version) {
        return ledger.commit(Transition.committed(
                SessionState.RECOVERING, SessionEvent.REATTACH_ACCEPTED, SessionState.ATTACHED, version));
    }

    @Test
    void aDeadTransportIsPendingAndTheReattachCommitsItAlong() {
        born();
        var dead = ledger.on(SessionEvent.TRANSPORT_DEAD);
        assertThat(dead).isInstanceOfSatisfying(Step.Pending.class, pending -> assertThat(
                        pending.transition().version())
                .isEqualTo(2));
        // The reattach signs the confirmed version, not the tentative one.
        assertThat(ledger.confirmedVersion()).isEqualTo(1);

        var step = reattachAcked(3);

        assertThat(step).isInstanceOfSatisfying(Step.Committed.class, committed -> assertThat(committed.transitions())
                .extracting(Transition::to, Transition::version, Transition::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SessionState.RECOVERING, 2L, Transition.Status.COMMITTED),
                        org.assertj.core.groups.Tuple.tuple(SessionState.ATTACHED, 3L, Transition.Status.COMMITTED)));
        assertThat(ledger.confirmedVersion()).isEqualTo(3);
    }

    @Test
    void aStaleVersionRejectIsAdoptedThenTheRetryCommits() {
        born();
        ledger.on(SessionEvent.TRANSPORT_DEAD);
        var action = RejectRules.onReattachReject(RejectCode.STALE_VERSION, OptionalLong.of(5));
        assertThat(action).isEqualTo(new RejectAction.AdoptAndRetry(5));

        var adopted = ledger.adoptVersion(5);

        assertThat(adopted).isEqualTo(new Step.VersionAdopted(1, 5));
        assertThat(ledger.confirmedVersion()).isEqualTo(5);
        assertThat(ledger.state()).isEqualTo(SessionState.RECOVERING);
        assertThat(ledger.pending().getFirst().version()).isEqualTo(6);
        assertThat(reattachAcked(7)).isInstanceOf(Step.Committed.class);
    }

    @Test
    void aRejectBelowTheHighestSeenTerminatesWithStoreStateLost() {
        born();
        assertThat(ledger.observeVersion(6)).isInstanceOf(Step.Ignored.class);
        ledger.on(SessionEvent.TRANSPORT_DEAD);

        var step = ledger.adoptVersion(4);

        assertThat(step).isInstanceOfSatisfying(Step.Terminated.class, terminated -> assertThat(terminated.code())
                .isEqualTo(TerminationCode.STORE_STATE_LOST));
        assertThat(ledger.state()).isEqualTo(SessionState.TERMINATED);
    }

    @Test
    void aHeartbeatAnswerBelowTheHighestSeenTerminates() {
        born();
        ledger.observeVersion(3);
        assertThat(ledger.observeVersion(2)).isInstanceOf(Step.Terminated.class);
    }

    @Test
    void anAckBelowTheHighestSeenTerminates() {
        born();
        ledger.observeVersion(9);
        ledger.on(SessionEvent.TRANSPORT_DEAD);
        assertThat(reattachAcked(3))
                .isInstanceOfSatisfying(Step.Terminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.STORE_STATE_LOST));
    }

    @Test
    void liveCommitsAreAdoptedAndARepeatedCommitIsIgnored() {
        born();
        var proposed = ledger.on(SessionEvent.QUALITY_BELOW_FLOOR);
        assertThat(proposed).isInstanceOf(Step.Proposed.class);
        // Proposing changes nothing until the gateway commits.
        assertThat(ledger.state()).isEqualTo(SessionState.ATTACHED);
        var commit = StateUpdate.commit(Transition.committed(
                SessionState.ATTACHED, SessionEvent.QUALITY_BELOW_FLOOR, SessionState.VOLATILE, 2));

        assertThat(ledger.commit(commit.committedTransition())).isInstanceOf(Step.Committed.class);
        assertThat(ledger.commit(commit.committedTransition())).isInstanceOf(Step.Ignored.class);
        assertThat(ledger.state()).isEqualTo(SessionState.VOLATILE);
        assertThat(ledger.confirmedVersion()).isEqualTo(2);
    }

    @Test
    void theRecoveryWindowEndsARecoveryWithItsCode() {
        born();
        ledger.on(SessionEvent.TRANSPORT_DEAD);
        var step = ledger.on(SessionEvent.RECOVERY_WINDOW_EXCEEDED);
        assertThat(step).isInstanceOfSatisfying(Step.Terminated.class, terminated -> {
            assertThat(terminated.code()).isEqualTo(TerminationCode.RECOVERY_WINDOW_EXCEEDED);
            assertThat(terminated.last().version()).isEqualTo(3);
        });
    }
}
