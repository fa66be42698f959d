package io.jumpingvpn.agent.testing;

import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;

/**
 * Policies for tests on a shared, possibly slow machine. Both heartbeat every 50 ms like {@link Policy#FAST}, but a
 * transport is only declared dead after a second of silence, so a stalled test thread does not look like a dead
 * network.
 */
public final class TestPolicies {

    private TestPolicies() {}

    /** FAST, with a transport dead after 1 s of silence and a 3 s recovery window. */
    public static Policy fast() {
        return Policy.FAST.toBuilder()
                .set(PolicyKey.HEARTBEAT_VOLATILE_MS, 1_000)
                .set(PolicyKey.TRANSPORT_LOST_TTL_MS, 5_000)
                .set(PolicyKey.RECOVERY_WINDOW_MS, 3_000)
                .build();
    }

    /**
     * {@link #fast()} where quality only drops when every heartbeat is lost: for tests that count versions and are not
     * about volatility.
     */
    public static Policy steady() {
        return fast().toBuilder()
                .set(PolicyKey.LOSS_VOLATILE_THRESHOLD, 1.0)
                .set(PolicyKey.MAX_CONSECUTIVE_DROPS, 1_000)
                .build();
    }
}
