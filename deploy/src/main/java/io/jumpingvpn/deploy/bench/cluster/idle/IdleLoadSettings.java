package io.jumpingvpn.deploy.bench.cluster.idle;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import java.time.Duration;

/**
 * Validated settings of one idle-load run: {@code sessions} sessions on three nodes, heartbeats every {@code heartbeat}
 * (the nodes declare a transport dead after {@code dead} of silence), node lease {@code nodeLease}; Redis is watched
 * for {@code window} once {@code settle} has passed after the last session was born. Everything else is the default
 * policy.
 */
public record IdleLoadSettings(
        int sessions, Duration nodeLease, Duration heartbeat, Duration dead, Duration settle, Duration window) {

    public static final int NODES = 3;

    public IdleLoadSettings {
        requireNonNull(nodeLease, "nodeLease");
        requireNonNull(heartbeat, "heartbeat");
        requireNonNull(dead, "dead");
        requireNonNull(settle, "settle");
        requireNonNull(window, "window");
        if (sessions < NODES || sessions > 15_000) {
            throw new UserError(
                    "--sessions must be between " + NODES + " and 15000 (one UDP socket each), got " + sessions);
        }
        if (nodeLease.toMillis() < 300 || nodeLease.toMillis() > 60_000) {
            throw new UserError("--node-lease must be between 300ms and 60s, got " + nodeLease.toMillis() + "ms");
        }
        if (heartbeat.toMillis() < 100 || heartbeat.toMillis() > 10_000) {
            throw new UserError("--heartbeat must be between 100ms and 10s, got " + heartbeat.toMillis() + "ms");
        }
        if (dead.compareTo(heartbeat.multipliedBy(2)) < 0 || dead.toMillis() > 60_000) {
            throw new UserError("--dead must be between twice --heartbeat ("
                    + heartbeat.multipliedBy(2).toMillis() + "ms) and 60s, got " + dead.toMillis() + "ms");
        }
        if (settle.isNegative() || settle.toSeconds() > 60) {
            throw new UserError("--settle must be between 0 and 1m, got " + settle.toMillis() + "ms");
        }
        if (window.toSeconds() < 1 || window.toMinutes() > 30) {
            throw new UserError("--window must be between 1s and 30m, got " + window.toMillis() + "ms");
        }
    }

    /** The nodes' policy: the default one with these heartbeat interval, dead time and node lease. */
    public Policy policy() {
        return Policy.builder()
                .set(PolicyKey.HEARTBEAT_INTERVAL_MS, heartbeat.toMillis())
                .set(PolicyKey.HEARTBEAT_VOLATILE_MS, dead.toMillis())
                .set(PolicyKey.NODE_LEASE_MS, nodeLease.toMillis())
                .build();
    }
}
