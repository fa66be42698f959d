package io.jumpingvpn.deploy.bench.cluster.reattach;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import java.time.Duration;

/**
 * Validated settings of one cluster reattach benchmark. {@code concurrency} is the number of reattach requests in
 * flight, as in {@code jvpn bench store}: uncontended, one per lane; with contenders, {@code concurrency / contenders}
 * rounds of {@code contenders} requests. Every lane reattaches its own sessions one after the other, so no two lanes
 * touch a session.
 */
public record ClusterReattachSettings(
        int sessions, int concurrency, int contenders, Duration warmup, Duration duration, int clientThreads) {

    /** Nodes of the benchmark cluster. */
    public static final int NODES = 3;

    /**
     * The clients only reattach (no heartbeats), so the nodes' transport-dead detection is pushed beyond the run; the
     * switch limits allow 600 switches per minute per session and node, no cooldown. Every check of the reattach path
     * still runs.
     */
    public static final Policy POLICY = Policy.builder()
            .set(PolicyKey.HEARTBEAT_INTERVAL_MS, 60_000)
            .set(PolicyKey.HEARTBEAT_VOLATILE_MS, 600_000)
            .set(PolicyKey.LOSS_WINDOW_MS, 600_000)
            .set(PolicyKey.MAX_CONSECUTIVE_DROPS, 1_000)
            .set(PolicyKey.TRANSPORT_LOST_TTL_MS, 3_600_000)
            .set(PolicyKey.MAX_SWITCHES_PER_MIN, 600)
            .set(PolicyKey.SWITCH_COOLDOWN_MS, 0)
            .build();

    public ClusterReattachSettings {
        requireNonNull(warmup, "warmup");
        requireNonNull(duration, "duration");
        if (contenders < 2 || contenders > NODES) {
            throw new UserError("--contenders must be 2 or 3 (one request per node), got " + contenders);
        }
        if (concurrency < contenders || concurrency > 1_024) {
            throw new UserError(
                    "--concurrency must be between --contenders (" + contenders + ") and 1024, got " + concurrency);
        }
        if (clientThreads < 1 || clientThreads > 8 || clientThreads > concurrency / contenders) {
            throw new UserError("--client-threads must be between 1 and min(8, concurrency/contenders = "
                    + concurrency / contenders + "), got " + clientThreads);
        }
        if (sessions < 4 * concurrency || sessions > 20_000) {
            throw new UserError("--sessions must be between 4 x --concurrency (" + 4 * concurrency
                    + ", so that a lane cycles through several sessions) and 20000, got " + sessions);
        }
        if (duration.toMillis() < 500 || duration.toSeconds() > 300) {
            throw new UserError("--duration must be between 500ms and 5m, got " + duration.toMillis() + "ms");
        }
        if (warmup.isNegative() || warmup.toSeconds() > 60) {
            throw new UserError("--warmup must be between 0 and 1m, got " + warmup.toMillis() + "ms");
        }
    }

    /** Lanes of an uncontended phase: one request in flight each. */
    int uncontendedLanes() {
        return concurrency;
    }

    /** Lanes of a contended phase: one round of {@code contenders} requests in flight each. */
    int contendedLanes() {
        return concurrency / contenders;
    }
}
