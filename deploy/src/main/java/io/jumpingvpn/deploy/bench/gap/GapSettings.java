package io.jumpingvpn.deploy.bench.gap;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.time.Duration;

/**
 * Validated settings of one gap benchmark. Both variants run {@code runs} cuts; the silent variant needs one relay
 * per cut plus one (the agent knows at most 64 candidates), and {@code Policy.FAST} allows 60 switches a minute, so a
 * variant makes at most 25.
 */
public record GapSettings(int runs, TransportKind transport, Duration interval, int payload, Duration settle) {

    /** Heartbeats every 50 ms, a transport dead after 200 ms of silence, switches 100 ms apart at least. */
    public static final Policy POLICY = Policy.FAST;

    public GapSettings {
        requireNonNull(transport, "transport");
        requireNonNull(interval, "interval");
        requireNonNull(settle, "settle");
        if (runs < 1 || runs > 25) {
            throw new UserError("--runs must be between 1 and 25, got " + runs);
        }
        if (transport == TransportKind.QUIC) {
            throw new UserError("--transport must be udp or tcp, got quic");
        }
        if (interval.toNanos() < 500_000 || interval.toMillis() > 100) {
            throw new UserError("--interval must be between 500us and 100ms, got " + interval.toMillis() + "ms");
        }
        if (payload < 8 || payload > 1400) {
            throw new UserError("--payload must be between 8 and 1400 bytes, got " + payload);
        }
        if (settle.toMillis() < 200 || settle.toSeconds() > 10) {
            throw new UserError("--settle must be between 200ms and 10s, got " + settle.toMillis() + "ms");
        }
    }
}
