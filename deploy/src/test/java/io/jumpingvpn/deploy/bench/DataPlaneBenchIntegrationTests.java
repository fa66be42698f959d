package io.jumpingvpn.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short data-plane benchmark: both servers echo every datagram intact through the same load generator, and the
 * ratios are computed from the reported rates.
 */
class DataPlaneBenchIntegrationTests {

    @TempDir
    Path directory;

    @Test
    void bothServersEchoAndTheRatiosFollowFromTheRates() throws Exception {
        var run = BenchRun.of(
                directory,
                "bench",
                "dataplane",
                "--payload",
                "1200",
                "--flows",
                "2",
                "--client-threads",
                "1",
                "--window",
                "8",
                "--warmup",
                "200ms",
                "--duration",
                "500ms",
                "--rounds",
                "2");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        var report = run.report();
        assertThat(report.get("payload").asInt()).isEqualTo(1200);
        assertThat(report.get("flows").asInt()).isEqualTo(2);
        assertThat(report.get("rounds").size()).isEqualTo(2);
        var ratios = new double[2];
        for (int i = 0; i < 2; i++) {
            var round = report.get("rounds").get(i);
            echoedEverythingIntact(round.get("baseline"));
            echoedEverythingIntact(round.get("gateway"));
            double expected = round.get("gateway").get("packets_per_s").asDouble()
                    / round.get("baseline").get("packets_per_s").asDouble();
            assertThat(round.get("ratio").asDouble()).isCloseTo(expected, within(0.001));
            assertThat(round.get("cost_ratio").asDouble()).isPositive();
            ratios[i] = round.get("ratio").asDouble();
        }
        assertThat(report.get("ratio").asDouble()).isCloseTo((ratios[0] + ratios[1]) / 2, within(0.001));
        assertThat(report.get("ratio_min").asDouble()).isEqualTo(Math.min(ratios[0], ratios[1]));
        assertThat(report.get("ratio_max").asDouble()).isEqualTo(Math.max(ratios[0], ratios[1]));
    }

    private static void echoedEverythingIntact(JsonNode measurement) {
        assertThat(measurement.get("received").asLong()).isPositive();
        assertThat(measurement.get("packets_per_s").asDouble()).isPositive();
        assertThat(measurement.get("payload_mbit_per_s").asDouble()).isPositive();
        assertThat(measurement.get("invalid").asLong()).isZero();
        assertThat(measurement.get("rtt_ms").get("count").asLong())
                .isEqualTo(measurement.get("received").asLong());
        assertThat(measurement.get("rtt_ms").get("p50").asDouble()).isPositive();
    }
}
