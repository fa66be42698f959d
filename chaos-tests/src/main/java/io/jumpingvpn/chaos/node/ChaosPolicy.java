package io.jumpingvpn.chaos.node;

import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import java.time.Duration;

/**
 * The session policy of a chaos run, the same for its nodes and its agents: fast enough that a minute holds many
 * faults and recoveries, realistic enough that quality transitions (VOLATILE, DEGRADED) happen under faults.
 */
public final class ChaosPolicy {

    private ChaosPolicy() {}

    /** The policy with node lease {@code lease}. */
    public static Policy withLease(Duration lease) {
        return Policy.DEFAULT.toBuilder()
                .set(PolicyKey.HEARTBEAT_INTERVAL_MS, 100)
                .set(PolicyKey.HEARTBEAT_VOLATILE_MS, 1_000)
                .set(PolicyKey.LOSS_WINDOW_MS, 2_000)
                .set(PolicyKey.LOSS_VOLATILE_THRESHOLD, 0.3)
                .set(PolicyKey.MAX_CONSECUTIVE_DROPS, 4)
                .set(PolicyKey.VOLATILE_TO_DEGRADED_MS, 2_000)
                .set(PolicyKey.TRANSPORT_LOST_TTL_MS, 20_000)
                .set(PolicyKey.RECOVERY_WINDOW_MS, 8_000)
                .set(PolicyKey.SWITCH_COOLDOWN_MS, 0)
                .set(PolicyKey.MAX_SWITCHES_PER_MIN, 600)
                .set(PolicyKey.NODE_LEASE_MS, lease)
                .build();
    }

    /**
     * One recovery attempt of an agent after the faults healed: the heartbeat dead time of an attempt plus the longest
     * back-off between attempts (a quarter of the recovery window).
     */
    public static Duration recoveryAttempt(Policy policy) {
        return policy.heartbeatVolatile().plus(policy.recoveryWindow().dividedBy(4));
    }

    /** The liveness bound of the system brief: two node leases plus one recovery attempt. */
    public static Duration livenessBound(Policy policy) {
        return policy.nodeLease().multipliedBy(2).plus(recoveryAttempt(policy));
    }
}
