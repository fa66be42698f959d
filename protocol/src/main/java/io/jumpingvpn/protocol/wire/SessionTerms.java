package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.policy.Policy;

/**
 * The gateway's policy values an agent must follow, sent (signed) in every HANDSHAKE_ACK and REATTACH_ACK. The agent
 * heartbeats at least every {@code heartbeatIntervalMs}; the gateway considers the transport dead after
 * {@code heartbeatVolatileMs} of silence and the session lost after {@code transportLostTtlMs} without a transport;
 * the session ends {@code sessionRemainingMs} after the ACK at the latest; the gateway's replay window is
 * {@code replayWindow} frames. Each travels as an unsigned 32-bit integer.
 */
public record SessionTerms(
        int heartbeatIntervalMs,
        int heartbeatVolatileMs,
        int transportLostTtlMs,
        int sessionRemainingMs,
        int replayWindow) {

    public SessionTerms {
        positive(heartbeatIntervalMs, "heartbeatIntervalMs");
        positive(heartbeatVolatileMs, "heartbeatVolatileMs");
        positive(transportLostTtlMs, "transportLostTtlMs");
        if (sessionRemainingMs < 0) {
            throw new IllegalArgumentException("sessionRemainingMs must be >= 0, got " + sessionRemainingMs);
        }
        if (replayWindow < 64 || replayWindow > 65_536 || replayWindow % 64 != 0) {
            throw new IllegalArgumentException(
                    "replayWindow must be a multiple of 64 in 64..65536, got " + replayWindow);
        }
    }

    private static void positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        }
    }

    /** The terms of {@code policy} for a session with {@code remainingMs} of lifetime left (clamped to 0). */
    public static SessionTerms of(Policy policy, long remainingMs) {
        requireNonNull(policy, "policy");
        return new SessionTerms(
                (int) policy.heartbeatInterval().toMillis(),
                (int) policy.heartbeatVolatile().toMillis(),
                (int) policy.transportLostTtl().toMillis(),
                (int) Math.clamp(remainingMs, 0, Integer.MAX_VALUE),
                policy.replayWindow());
    }
}
