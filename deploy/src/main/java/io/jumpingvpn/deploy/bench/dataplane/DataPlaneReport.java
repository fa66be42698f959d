package io.jumpingvpn.deploy.bench.dataplane;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import java.util.List;

/**
 * The figures of one data-plane benchmark (snake_case in JSON): per round, the plain Netty UDP echo (baseline) and
 * the gateway (echo egress through the tunnel) driven by the same load generator, and their ratio of echoed packets
 * per second; {@code ratio} is the median of the rounds' ratios. {@code costRatio} is the median of the rounds'
 * baseline process CPU per echoed packet over the gateway's: what the throughput ratio is when both phases get the
 * same CPU (on a machine shared with other work they often do not, and the throughput ratio swings with that).
 */
@JsonPropertyOrder({
    "payload",
    "flows",
    "client_threads",
    "window",
    "server_io_threads",
    "io",
    "warmup_s",
    "duration_s",
    "rounds",
    "ratio",
    "ratio_min",
    "ratio_max",
    "cost_ratio",
    "available_processors"
})
public record DataPlaneReport(
        int payload,
        int flows,
        int clientThreads,
        int window,
        int serverIoThreads,
        String io,
        double warmupS,
        double durationS,
        List<Round> rounds,
        double ratio,
        double ratioMin,
        double ratioMax,
        double costRatio,
        int availableProcessors) {

    public DataPlaneReport {
        rounds = List.copyOf(rounds);
    }

    /** One baseline measurement and one gateway measurement, back to back. */
    @JsonPropertyOrder({"baseline", "gateway", "ratio", "cost_ratio"})
    public record Round(Measurement baseline, Measurement gateway, double ratio, double costRatio) {}

    /**
     * One server under the load generator: echoes per second, payload megabits per second (payload bytes echoed, not
     * counting headers), round trips, counts, and the CPU the client threads, the server's threads and the whole
     * process used, in cores and in microseconds per echoed packet.
     */
    @JsonPropertyOrder({
        "packets_per_s",
        "payload_mbit_per_s",
        "rtt_ms",
        "sent",
        "received",
        "lost",
        "late",
        "invalid",
        "client_cpu_cores",
        "server_cpu_cores",
        "process_cpu_cores",
        "client_us_per_packet",
        "server_us_per_packet",
        "process_us_per_packet"
    })
    public record Measurement(
            double packetsPerS,
            double payloadMbitPerS,
            LatencyMs rttMs,
            long sent,
            long received,
            long lost,
            long late,
            long invalid,
            double clientCpuCores,
            double serverCpuCores,
            double processCpuCores,
            double clientUsPerPacket,
            double serverUsPerPacket,
            double processUsPerPacket) {}
}
