package io.jumpingvpn.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A short reattach benchmark against a real gateway on loopback: every reattach is accepted and reported. */
class ReattachBenchIntegrationTests {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void everyScheduledReattachIsAcceptedAndTimed(String transport) throws Exception {
        var run = BenchRun.of(
                directory,
                "bench",
                "reattach",
                "--sessions",
                "20",
                "--rate",
                "40/s",
                "--warmup",
                "200ms",
                "--duration",
                "1s",
                "--transport",
                transport);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        var report = run.report();
        assertThat(report.get("transport").asText()).isEqualTo(transport);
        assertThat(report.get("sessions").asInt()).isEqualTo(20);
        assertThat(report.get("rate_per_s").asDouble()).isEqualTo(40.0);
        assertThat(report.get("handshake_latency_ms").get("count").asLong()).isEqualTo(20);
        long attempts = report.get("attempts").asLong();
        assertThat(attempts).isBetween(35L, 45L);
        assertThat(report.get("accepted").asLong()).isEqualTo(attempts);
        assertThat(report.get("rejected").size()).isZero();
        assertThat(report.get("unanswered").asLong()).isZero();
        assertThat(report.get("skipped_busy").asLong()).isZero();
        var latency = report.get("latency_ms");
        assertThat(latency.get("count").asLong()).isEqualTo(attempts);
        assertThat(latency.get("p50").asDouble()).isPositive();
        assertThat(latency.get("p99").asDouble())
                .isGreaterThanOrEqualTo(latency.get("p50").asDouble());
        assertThat(latency.get("max").asDouble())
                .isGreaterThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(report.get("latency_from_schedule_ms").get("p50").asDouble())
                .isGreaterThanOrEqualTo(latency.get("p50").asDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--rate=fast", "--sessions=0", "--transport=quic", "--duration=1h"})
    void badFlagsStopBeforeAnythingStarts(String flag) throws Exception {
        var run = BenchRun.of(directory, "bench", "reattach", flag);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(run.report()).isNull();
    }
}
