package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.deploy.bench.gap.GapBench;
import io.jumpingvpn.deploy.bench.gap.GapSettings;
import io.jumpingvpn.deploy.bench.rig.BenchOutput;
import io.jumpingvpn.deploy.bench.rig.QuietLogs;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench gap}: the traffic gap when an agent's transport is killed, or goes silent. */
@Command(
        name = "gap",
        mixinStandardHelpOptions = true,
        description = {
            "The traffic gap when the agent's transport is killed or goes silent.",
            "With the fast policy (heartbeat 50 ms, dead after 200 ms), a gateway and the real agent in this process,",
            "a datagram every --interval through the agent, the transport cut --runs times; each gap runs from the",
            "last echo before the cut to the first echo of a datagram sent after it.",
            "Variants: killed (the socket closed, TCP reset) and silent (a relay black-holes the packets).",
            "Exit code 1 when traffic did not resume after a cut."
        })
public final class GapBenchCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "10", description = "Cuts per variant (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--transport",
            defaultValue = "udp",
            paramLabel = "udp|tcp",
            converter = TransportOption.class,
            description = "The agent's transport (default ${DEFAULT-VALUE}).")
    TransportKind transport;

    @Option(
            names = "--interval",
            defaultValue = "2ms",
            converter = DurationConverter.class,
            description = "Time between two datagrams (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--payload", defaultValue = "64", description = "Datagram size (default ${DEFAULT-VALUE}).")
    int payload;

    @Option(
            names = "--settle",
            defaultValue = "700ms",
            converter = DurationConverter.class,
            description = "Traffic between a resumption and the next cut (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        var settings = new GapSettings(runs, transport, interval, payload, settle);
        var report = new GapBench(settings, System.err).run();
        BenchOutput.emit(report, json, System.out);
        if (!report.allResumed()) {
            System.err.println("gap bench: traffic did not resume after every cut");
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }
}
