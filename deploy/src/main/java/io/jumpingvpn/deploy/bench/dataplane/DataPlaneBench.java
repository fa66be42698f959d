package io.jumpingvpn.deploy.bench.dataplane;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.BenchGateway;
import io.jumpingvpn.deploy.bench.rig.BenchKeys;
import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.deploy.bench.rig.RawHandshake;
import io.jumpingvpn.deploy.bench.rig.RawLink;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the plain Netty UDP echo and the gateway side by side in this process, each under the same
 * {@link LoadGenerator} with the same flows, threads and window, one after the other in every round. The echo server
 * gets as many event loops as the gateway has I/O threads. The gateway runs the default policy; its flows are fresh
 * sessions each round (a raw handshake per flow), sending heartbeats at the policy's interval besides the data.
 */
public final class DataPlaneBench {

    private static final int CLIENT_SOCKET_BUFFER = 1024 * 1024;

    private final DataPlaneSettings settings;
    private final PrintStream progress;

    public DataPlaneBench(DataPlaneSettings settings, PrintStream progress) {
        this.settings = requireNonNull(settings, "settings");
        this.progress = requireNonNull(progress, "progress");
    }

    public DataPlaneReport run() throws IOException, InterruptedException {
        var load = new LoadGenerator(
                settings.clientThreads(),
                settings.window(),
                settings.payload(),
                settings.warmup(),
                settings.duration(),
                progress);
        try (var keys = BenchKeys.generate();
                var gateway = BenchGateway.start(keys.gateway(), Policy.DEFAULT, BenchGateway.ONE_SOURCE)) {
            int ioThreads = gateway.gateway().config().ioThreads();
            try (var echo = NettyUdpEcho.start(ioThreads)) {
                progress.printf(
                        "dataplane bench: %d-byte payloads, %d flow(s) on %d client thread(s), window %d; echo server"
                                + " on %s (%s), gateway %s (%s), %d I/O thread(s) each; %d processor(s)%n",
                        settings.payload(),
                        settings.flows(),
                        settings.clientThreads(),
                        settings.window(),
                        echo.address(),
                        echo.transport(),
                        gateway.endpoint(TransportKind.UDP),
                        gateway.transport(),
                        ioThreads,
                        Runtime.getRuntime().availableProcessors());
                var crypto = keys.agentCrypto();
                var rounds = new ArrayList<DataPlaneReport.Round>();
                for (int round = 1; round <= settings.rounds(); round++) {
                    var baseline = measure(load, plainFlows(echo.address()), NettyUdpEcho.THREAD_PREFIX, "baseline");
                    var tunnel =
                            measure(load, tunnelFlows(gateway.address(TransportKind.UDP), crypto), "jvpn-", "gateway ");
                    double ratio =
                            baseline.packetsPerS() > 0 ? round3(tunnel.packetsPerS() / baseline.packetsPerS()) : 0;
                    double costRatio = tunnel.processUsPerPacket() > 0
                            ? round3(baseline.processUsPerPacket() / tunnel.processUsPerPacket())
                            : 0;
                    progress.printf(
                            "  round %d: baseline %.0f/s (%.2f us CPU per packet), gateway %.0f/s (%.2f us), ratio %.3f,"
                                    + " cost ratio %.3f%n",
                            round,
                            baseline.packetsPerS(),
                            baseline.processUsPerPacket(),
                            tunnel.packetsPerS(),
                            tunnel.processUsPerPacket(),
                            ratio,
                            costRatio);
                    rounds.add(new DataPlaneReport.Round(baseline, tunnel, ratio, costRatio));
                }
                var ratios = rounds.stream()
                        .mapToDouble(DataPlaneReport.Round::ratio)
                        .sorted()
                        .toArray();
                var costRatios = rounds.stream()
                        .mapToDouble(DataPlaneReport.Round::costRatio)
                        .sorted()
                        .toArray();
                return new DataPlaneReport(
                        settings.payload(),
                        settings.flows(),
                        settings.clientThreads(),
                        settings.window(),
                        ioThreads,
                        echo.transport() + "/" + gateway.transport(),
                        settings.warmup().toMillis() / 1000.0,
                        settings.duration().toMillis() / 1000.0,
                        rounds,
                        median(ratios),
                        ratios[0],
                        ratios[ratios.length - 1],
                        median(costRatios),
                        Runtime.getRuntime().availableProcessors());
            }
        }
    }

    private DataPlaneReport.Measurement measure(
            LoadGenerator load, List<LoadGenerator.Flow> flows, String serverThreads, String label)
            throws InterruptedException {
        LoadResult result;
        try {
            result = load.run(flows, serverThreads, label);
        } finally {
            for (var flow : flows) {
                try {
                    flow.channel().close();
                } catch (IOException ignored) {
                    // a socket that fails to close is gone anyway
                }
            }
        }
        long window = result.windowNanos();
        long echoed = Math.max(1, result.received());
        return new DataPlaneReport.Measurement(
                Math.round(result.packetsPerSecond()),
                round3(result.payloadMegabitsPerSecond()),
                LatencyMs.ofMicros(result.rttMicros()),
                result.sent(),
                result.received(),
                result.lost(),
                result.late(),
                result.invalid(),
                CpuClock.cores(result.clientCpuNanos(), window),
                CpuClock.cores(result.serverCpuNanos(), window),
                CpuClock.cores(result.processCpuNanos(), window),
                perPacket(result.clientCpuNanos(), echoed),
                perPacket(result.serverCpuNanos(), echoed),
                perPacket(result.processCpuNanos(), echoed));
    }

    private List<LoadGenerator.Flow> plainFlows(InetSocketAddress server) throws IOException {
        var flows = new ArrayList<LoadGenerator.Flow>();
        try {
            for (int i = 0; i < settings.flows(); i++) {
                var channel = DatagramChannel.open();
                try {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, CLIENT_SOCKET_BUFFER);
                    channel.bind(new InetSocketAddress(server.getAddress(), 0));
                    channel.connect(server);
                    channel.configureBlocking(false);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                flows.add(new LoadGenerator.Flow(channel, new FlowWire.Plain()));
            }
            return flows;
        } catch (IOException | RuntimeException e) {
            closeAll(flows);
            throw e;
        }
    }

    private List<LoadGenerator.Flow> tunnelFlows(InetSocketAddress gateway, AgentCrypto crypto) throws IOException {
        var flows = new ArrayList<LoadGenerator.Flow>();
        try {
            for (int i = 0; i < settings.flows(); i++) {
                var link = RawLink.open(TransportKind.UDP, gateway);
                try {
                    var established = RawHandshake.run(link, crypto);
                    var channel = (DatagramChannel) link.detach();
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, CLIENT_SOCKET_BUFFER);
                    flows.add(new LoadGenerator.Flow(
                            channel, new TunnelWire(established.attachment(), System.nanoTime())));
                } catch (IOException | RuntimeException e) {
                    link.close();
                    throw e;
                }
            }
            return flows;
        } catch (IOException | RuntimeException e) {
            closeAll(flows);
            throw e;
        }
    }

    private static void closeAll(List<LoadGenerator.Flow> flows) {
        for (var flow : flows) {
            try {
                flow.channel().close();
            } catch (IOException ignored) {
                // a socket that fails to close is gone anyway
            }
        }
    }

    /** Microseconds of CPU per echoed packet, two decimals; -1 when the CPU time is unknown. */
    private static double perPacket(long cpuNanos, long packets) {
        return cpuNanos < 0 ? -1 : Math.round(cpuNanos / 10.0 / packets) / 100.0;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : round3((sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
