package io.jumpingvpn.agent.internal.recovery;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import java.util.OptionalLong;

/**
 * The agent's answer to every reject code (docs/agent.md, "Reattach and retries"). Pure.
 *
 * <p>Reattach rejects:
 *
 * <ul>
 *   <li>{@code STALE_VERSION}, {@code OWNERSHIP_CONFLICT}: adopt the current version and retry at once;
 *   <li>{@code STORE_UNAVAILABLE}, {@code RATE_LIMITED}: back off, then retry on another candidate if there is one
 *       (another node may reach the store, or not be limiting this agent);
 *   <li>{@code FRESHNESS_INVALID}, {@code REPLAY_DETECTED}: back off, then retry with a new request (new timestamp,
 *       new nonce) on the same candidate;
 *   <li>{@code POLICY_DENY}: wait the switch cooldown, then retry;
 *   <li>{@code SESSION_NOT_FOUND}: terminate with {@code STORE_STATE_LOST} (the table lost the session this agent
 *       holds); {@code SESSION_EXPIRED}: terminate with {@code SESSION_TTL_EXPIRED}; {@code AUTH_FAIL} and
 *       {@code INVALID_STATE}: terminate with {@code OWNERSHIP_UNPROVEN} (the gateway will not accept this agent's
 *       proof for this session).
 * </ul>
 *
 * Every retry stays inside the recovery window; the window, not a retry count, bounds a recovery.
 *
 * <p>Handshake rejects: {@code AUTH_FAIL} (the agent key is not admitted) and {@code FRESHNESS_INVALID} (the clocks
 * disagree by more than the proof age) give up; the others back off and retry within the birth window.
 */
public final class RejectRules {

    private RejectRules() {}

    public static RejectAction onReattachReject(RejectCode code, OptionalLong currentVersion) {
        requireNonNull(code, "code");
        requireNonNull(currentVersion, "currentVersion");
        return switch (code) {
            case STALE_VERSION, OWNERSHIP_CONFLICT ->
                currentVersion.isPresent()
                        ? new RejectAction.AdoptAndRetry(currentVersion.getAsLong())
                        : new RejectAction.BackOff(false);
            case STORE_UNAVAILABLE, RATE_LIMITED -> new RejectAction.BackOff(true);
            case FRESHNESS_INVALID, REPLAY_DETECTED -> new RejectAction.BackOff(false);
            case POLICY_DENY -> new RejectAction.WaitCooldown();
            case SESSION_NOT_FOUND -> new RejectAction.Terminate(TerminationCode.STORE_STATE_LOST);
            case SESSION_EXPIRED -> new RejectAction.Terminate(TerminationCode.SESSION_TTL_EXPIRED);
            case AUTH_FAIL, INVALID_STATE -> new RejectAction.Terminate(TerminationCode.OWNERSHIP_UNPROVEN);
        };
    }

    public static RejectAction onHandshakeReject(RejectCode code) {
        requireNonNull(code, "code");
        return switch (code) {
            case AUTH_FAIL, FRESHNESS_INVALID -> new RejectAction.GiveUp();
            case RATE_LIMITED, STORE_UNAVAILABLE -> new RejectAction.BackOff(true);
            default -> new RejectAction.BackOff(false);
        };
    }
}
