package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.deploy.bench.reattach.ReattachBench;
import io.jumpingvpn.deploy.bench.reattach.ReattachSettings;
import io.jumpingvpn.deploy.bench.rig.BenchOutput;
import io.jumpingvpn.deploy.bench.rig.QuietLogs;
import io.jumpingvpn.deploy.bench.rig.RateConverter;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench reattach}: reattach latency on loopback, request sent to ACK verified, at a fixed rate. */
@Command(
        name = "reattach",
        mixinStandardHelpOptions = true,
        description = {
            "Reattach latency against a gateway in this process (in-memory store, echo egress, real keys).",
            "A raw client establishes --sessions sessions (handshake latency is reported too), then reattaches them",
            "round-robin at --rate per second on an open-loop schedule, each over a new socket, and measures request",
            "sent to ACK verified (and from each slot's scheduled instant). Exit code 1 when a measured reattach was",
            "not accepted."
        })
public final class ReattachBenchCommand implements Callable<Integer> {

    @Option(
            names = "--sessions",
            defaultValue = "200",
            description = "Sessions to establish (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--rate",
            defaultValue = "100/s",
            converter = RateConverter.class,
            paramLabel = "R/s",
            description = "Reattaches per second, whatever the answers do (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Reattaches at the same rate before it, not measured (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--transport",
            defaultValue = "udp",
            paramLabel = "udp|tcp",
            converter = TransportOption.class,
            description = "Transport of the handshakes and reattaches (default ${DEFAULT-VALUE}).")
    TransportKind transport;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        var settings = new ReattachSettings(sessions, rate, warmup, duration, transport);
        var report = new ReattachBench(settings, System.err).run();
        BenchOutput.emit(report, json, System.out);
        if (!report.allAccepted()) {
            System.err.println("reattach bench: " + (report.attempts() - report.accepted()) + " of " + report.attempts()
                    + " measured reattaches were not accepted");
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }
}
