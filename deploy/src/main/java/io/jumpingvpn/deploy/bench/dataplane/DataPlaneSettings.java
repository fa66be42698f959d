package io.jumpingvpn.deploy.bench.dataplane;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.time.Duration;

/** Validated settings of one data-plane benchmark. */
public record DataPlaneSettings(
        int payload, int flows, int clientThreads, int window, Duration warmup, Duration duration, int rounds) {

    public DataPlaneSettings {
        requireNonNull(warmup, "warmup");
        requireNonNull(duration, "duration");
        if (payload < 16 || payload > WireFormat.MAX_DATA_PAYLOAD) {
            throw new UserError("--payload must be between 16 bytes (sequence number and send time) and "
                    + WireFormat.MAX_DATA_PAYLOAD + ", got " + payload);
        }
        if (flows < 1 || flows > 256) {
            throw new UserError("--flows must be between 1 and 256, got " + flows);
        }
        if (clientThreads < 1 || clientThreads > flows) {
            throw new UserError("--client-threads must be between 1 and --flows (" + flows + "), got " + clientThreads);
        }
        if (window < 1 || window > 1024) {
            throw new UserError("--window must be between 1 and 1024, got " + window);
        }
        if (duration.toMillis() < 500 || duration.toSeconds() > 300) {
            throw new UserError("--duration must be between 500ms and 5m, got " + duration.toMillis() + "ms");
        }
        if (warmup.isNegative() || warmup.toSeconds() > 60) {
            throw new UserError("--warmup must be between 0 and 1m, got " + warmup.toMillis() + "ms");
        }
        if (rounds < 1 || rounds > 20) {
            throw new UserError("--rounds must be between 1 and 20, got " + rounds);
        }
    }
}
