package io.jumpingvpn.agent.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecoveryRulesUnitTests {

    private static final long MS = 1_000_000;

    @Test
    void theWindowBoundsARecovery() {
        var window = new RecoveryWindow(1_000 * MS, 2_000 * MS);
        assertThat(window.isExceeded(2_999 * MS)).isFalse();
        assertThat(window.isExceeded(3_000 * MS)).isTrue();
        assertThat(window.admits(2_999 * MS)).isTrue();
        assertThat(window.admits(3_000 * MS)).isFalse();
        assertThat(window.remainingNanos(2_500 * MS)).isEqualTo(500 * MS);
        assertThat(window.remainingNanos(4_000 * MS)).isZero();
        assertThat(window.deadlineNanos()).isEqualTo(3_000 * MS);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        var backoff = new Backoff(50 * MS, 500 * MS);
        assertThat(backoff.delayNanos(0)).isEqualTo(50 * MS);
        assertThat(backoff.delayNanos(1)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(3)).isEqualTo(400 * MS);
        assertThat(backoff.delayNanos(4)).isEqualTo(500 * MS);
        assertThat(backoff.delayNanos(1_000_000)).isEqualTo(500 * MS);
        assertThat(new Backoff(1, Long.MAX_VALUE).delayNanos(200)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aStaleOrConflictingVersionIsAdoptedAndRetried() {
        assertThat(RejectRules.onReattachReject(RejectCode.STALE_VERSION, OptionalLong.of(7)))
                .isEqualTo(new RejectAction.AdoptAndRetry(7));
        assertThat(RejectRules.onReattachReject(RejectCode.OWNERSHIP_CONFLICT, OptionalLong.of(9)))
                .isEqualTo(new RejectAction.AdoptAndRetry(9));
    }

    @Test
    void passingConditionsBackOff() {
        assertThat(RejectRules.onReattachReject(RejectCode.STORE_UNAVAILABLE, OptionalLong.empty()))
                .isEqualTo(new RejectAction.BackOff(true));
        assertThat(RejectRules.onReattachReject(RejectCode.RATE_LIMITED, OptionalLong.empty()))
                .isEqualTo(new RejectAction.BackOff(true));
        assertThat(RejectRules.onReattachReject(RejectCode.FRESHNESS_INVALID, OptionalLong.empty()))
                .isEqualTo(new RejectAction.BackOff(false));
        assertThat(RejectRules.onReattachReject(RejectCode.REPLAY_DETECTED, OptionalLong.empty()))
                .isEqualTo(new RejectAction.BackOff(false));
    }

    @Test
    void policyDenyWaitsTheCooldown() {
        assertThat(RejectRules.onReattachReject(RejectCode.POLICY_DENY, OptionalLong.empty()))
                .isEqualTo(new RejectAction.WaitCooldown());
    }

    @Test
    void lostOrUnprovableSessionsTerminateWithAnExplicitCode() {
        assertThat(RejectRules.onReattachReject(RejectCode.SESSION_NOT_FOUND, OptionalLong.empty()))
                .isEqualTo(new RejectAction.Terminate(TerminationCode.STORE_STATE_LOST));
        assertThat(RejectRules.onReattachReject(RejectCode.SESSION_EXPIRED, OptionalLong.empty()))
                .isEqualTo(new RejectAction.Terminate(TerminationCode.SESSION_TTL_EXPIRED));
        assertThat(RejectRules.onReattachReject(RejectCode.AUTH_FAIL, OptionalLong.empty()))
                .isEqualTo(new RejectAction.Terminate(TerminationCode.OWNERSHIP_UNPROVEN));
        assertThat(RejectRules.onReattachReject(RejectCode.INVALID_STATE, OptionalLong.empty()))
                .isEqualTo(new RejectAction.Terminate(TerminationCode.OWNERSHIP_UNPROVEN));
    }

    @ParameterizedTest
    @EnumSource(RejectCode.class)
    void everyReattachRejectHasAnAnswerThatNeverGivesUpSilently(RejectCode code) {
        var current = code.carriesCurrentVersion() ? OptionalLong.of(3) : OptionalLong.empty();
        assertThat(RejectRules.onReattachReject(code, current)).isNotInstanceOf(RejectAction.GiveUp.class);
    }

    @Test
    void aHandshakeGivesUpOnlyWhenRetryingCannotHelp() {
        assertThat(RejectRules.onHandshakeReject(RejectCode.AUTH_FAIL)).isEqualTo(new RejectAction.GiveUp());
        assertThat(RejectRules.onHandshakeReject(RejectCode.FRESHNESS_INVALID)).isEqualTo(new RejectAction.GiveUp());
        assertThat(RejectRules.onHandshakeReject(RejectCode.RATE_LIMITED)).isEqualTo(new RejectAction.BackOff(true));
        assertThat(RejectRules.onHandshakeReject(RejectCode.STORE_UNAVAILABLE))
                .isEqualTo(new RejectAction.BackOff(true));
        assertThat(RejectRules.onHandshakeReject(RejectCode.REPLAY_DETECTED))
                .isEqualTo(new RejectAction.BackOff(false));
        assertThat(RejectRules.onHandshakeReject(RejectCode.POLICY_DENY)).isEqualTo(new RejectAction.BackOff(false));
    }
}
