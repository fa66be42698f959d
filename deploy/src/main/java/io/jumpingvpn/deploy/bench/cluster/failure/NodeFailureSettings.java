package io.jumpingvpn.deploy.bench.cluster.failure;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated settings of one node-failure run: {@code sessions} agents on a shared runtime of {@code agentThreads}
 * threads, node lease {@code nodeLease}, heartbeats every {@code heartbeat}, a transport dead after {@code dead} of
 * silence, a probe datagram per agent every {@code interval}; the surviving nodes are warmed up for {@code warmup}
 * before the failure; the run waits at most {@code timeout} for the recovery.
 */
public record NodeFailureSettings(
        int sessions,
        Fault fault,
        Duration nodeLease,
        Duration heartbeat,
        Duration dead,
        Duration interval,
        Duration warmup,
        Duration timeout,
        int agentThreads) {

    public static final int NODES = 3;

    public NodeFailureSettings {
        requireNonNull(fault, "fault");
        requireNonNull(nodeLease, "nodeLease");
        requireNonNull(heartbeat, "heartbeat");
        requireNonNull(dead, "dead");
        requireNonNull(interval, "interval");
        requireNonNull(warmup, "warmup");
        requireNonNull(timeout, "timeout");
        if (sessions < 1 || sessions > 5_000) {
            throw new UserError("--sessions must be between 1 and 5000, got " + sessions);
        }
        if (nodeLease.toMillis() < 300 || nodeLease.toMillis() > 60_000) {
            throw new UserError("--node-lease must be between 300ms and 60s, got " + nodeLease.toMillis() + "ms");
        }
        if (heartbeat.toMillis() < 50 || heartbeat.toMillis() > 10_000) {
            throw new UserError("--heartbeat must be between 50ms and 10s, got " + heartbeat.toMillis() + "ms");
        }
        if (dead.compareTo(heartbeat.multipliedBy(2)) < 0 || dead.toMillis() > 60_000) {
            throw new UserError("--dead must be between twice --heartbeat ("
                    + heartbeat.multipliedBy(2).toMillis() + "ms) and 60s, got " + dead.toMillis() + "ms");
        }
        if (interval.toMillis() < 10 || interval.toMillis() > 10_000) {
            throw new UserError("--interval must be between 10ms and 10s, got " + interval.toMillis() + "ms");
        }
        if (warmup.isNegative() || warmup.toSeconds() > 120) {
            throw new UserError("--warmup must be between 0 and 2m, got " + warmup.toMillis() + "ms");
        }
        if (timeout.toSeconds() < 5 || timeout.toMinutes() > 10) {
            throw new UserError("--timeout must be between 5s and 10m, got " + timeout.toMillis() + "ms");
        }
        if (agentThreads < 1 || agentThreads > 64) {
            throw new UserError("--agent-threads must be between 1 and 64, got " + agentThreads);
        }
    }

    /**
     * The policy keys given to the nodes (as {@code --policy KEY=VALUE}) and to the agents: the defaults with these
     * heartbeat interval, dead time and node lease, and switch limits that let the warm-up reattach its sessions back
     * and forth quickly (600 per minute, no cooldown; the recovery itself is one switch per session, which the default
     * limits allow as well). The nodes' terms rule the agents' heartbeats.
     */
    public Map<String, String> policyKeys() {
        var keys = new LinkedHashMap<String, String>();
        keys.put(PolicyKey.HEARTBEAT_INTERVAL_MS.name(), Long.toString(heartbeat.toMillis()));
        keys.put(PolicyKey.HEARTBEAT_VOLATILE_MS.name(), Long.toString(dead.toMillis()));
        keys.put(PolicyKey.NODE_LEASE_MS.name(), Long.toString(nodeLease.toMillis()));
        keys.put(PolicyKey.MAX_SWITCHES_PER_MIN.name(), "600");
        keys.put(PolicyKey.SWITCH_COOLDOWN_MS.name(), "0");
        return keys;
    }

    public Policy policy() {
        return Policy.DEFAULT.withOverrides(policyKeys());
    }
}
