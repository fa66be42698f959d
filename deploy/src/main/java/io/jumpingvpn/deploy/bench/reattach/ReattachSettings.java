package io.jumpingvpn.deploy.bench.reattach;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.policy.PolicyKey;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.time.Duration;

/**
 * Validated settings of one reattach benchmark. Each session is reattached every {@code sessions / rate} seconds,
 * which must stay within what the benchmark policy allows ({@link #POLICY}: at most 600 switches per minute, no
 * cooldown) and within a minute.
 */
public record ReattachSettings(int sessions, double rate, Duration warmup, Duration duration, TransportKind transport) {

    /**
     * The benchmark's sessions carry no heartbeats (the client only reattaches), so the gateway's detection is pushed
     * beyond the run: heartbeats every 60 s, a transport dead after 10 min of silence, a loss window of 10 min. The
     * switch limits allow a reattach of the same session every 100 ms. Every check of the reattach path still runs.
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

    public ReattachSettings {
        requireNonNull(warmup, "warmup");
        requireNonNull(duration, "duration");
        requireNonNull(transport, "transport");
        if (sessions < 1 || sessions > 20_000) {
            throw new UserError("--sessions must be between 1 and 20000, got " + sessions);
        }
        if (!(rate >= 1) || rate > 20_000) {
            throw new UserError("--rate must be between 1/s and 20000/s, got " + rate + "/s");
        }
        if (duration.toMillis() < 500 || duration.toSeconds() > 300) {
            throw new UserError("--duration must be between 500ms and 5m, got " + duration.toMillis() + "ms");
        }
        if (warmup.isNegative() || warmup.toSeconds() > 60) {
            throw new UserError("--warmup must be between 0 and 1m, got " + warmup.toMillis() + "ms");
        }
        if (transport == TransportKind.QUIC) {
            throw new UserError("--transport must be udp or tcp, got quic");
        }
        double perSession = sessions / rate;
        if (perSession < 0.1) {
            throw new UserError("--sessions must be at least --rate x 0.1 s (" + (int) Math.ceil(rate * 0.1)
                    + "): the benchmark policy allows one reattach of a session per 100 ms, got " + sessions);
        }
        if (perSession > 60) {
            throw new UserError("--sessions must be at most --rate x 60 s (" + (int) Math.floor(rate * 60)
                    + "), so that every session is reattached within a minute, got " + sessions);
        }
    }

    long intervalNanos() {
        return Math.round(1e9 / rate);
    }
}
