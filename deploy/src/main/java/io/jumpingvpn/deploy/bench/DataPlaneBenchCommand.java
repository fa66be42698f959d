package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.deploy.bench.dataplane.DataPlaneBench;
import io.jumpingvpn.deploy.bench.dataplane.DataPlaneSettings;
import io.jumpingvpn.deploy.bench.rig.BenchOutput;
import io.jumpingvpn.deploy.bench.rig.QuietLogs;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench dataplane}: echo throughput through the gateway against a plain Netty UDP echo, same run. */
@Command(
        name = "dataplane",
        mixinStandardHelpOptions = true,
        description = {
            "Data-plane throughput through the gateway against a plain Netty UDP echo, in one run.",
            "Each round measures the echo (the baseline), then a gateway in this process with the echo egress (one",
            "attached session per flow; DATA sealed and opened by the client), both driven by the same load generator",
            "(--flows sockets on --client-threads threads, --window datagrams in flight per flow). Prints packets/s,",
            "payload Mbit/s, round trips and CPU per packet of each, and the ratio gateway/baseline."
        })
public final class DataPlaneBenchCommand implements Callable<Integer> {

    @Option(
            names = "--payload",
            defaultValue = "1200",
            description = "Payload bytes per datagram (default ${DEFAULT-VALUE}).")
    int payload;

    @Option(
            names = "--flows",
            defaultValue = "4",
            description = "Client sockets / sessions (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(
            names = "--client-threads",
            defaultValue = "2",
            description = "Load generator threads the flows are spread over (default ${DEFAULT-VALUE}).")
    int clientThreads;

    @Option(
            names = "--window",
            defaultValue = "32",
            description = "Datagrams in flight per flow (default ${DEFAULT-VALUE}).")
    int window;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured time of each server in each round (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "Unmeasured load before each measurement, long enough for the JIT (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description = "Baseline-then-gateway pairs; the ratio reported is their median (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        QuietLogs.apply();
        var settings = new DataPlaneSettings(payload, flows, clientThreads, window, warmup, duration, rounds);
        var report = new DataPlaneBench(settings, System.err).run();
        BenchOutput.emit(report, json, System.out);
        return ExitCodes.OK;
    }
}
