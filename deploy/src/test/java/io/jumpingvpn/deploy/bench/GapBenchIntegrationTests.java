package io.jumpingvpn.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.deploy.cli.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short gap benchmark with the real agent: after every cut, killed or silent, traffic resumes over a reattach of
 * the same session, and each gap is reported.
 */
class GapBenchIntegrationTests {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void trafficResumesAfterEveryCut(String transport) throws Exception {
        var run = BenchRun.of(directory, "bench", "gap", "--runs", "2", "--transport", transport, "--settle", "300ms");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        var report = run.report();
        assertThat(report.get("transport").asText()).isEqualTo(transport);
        assertThat(report.get("heartbeat_interval_ms").asLong()).isEqualTo(50);
        resumedEveryTime(report.get("killed"));
        resumedEveryTime(report.get("silent"));
    }

    private static void resumedEveryTime(JsonNode variant) {
        assertThat(variant.get("runs").asInt()).isEqualTo(2);
        assertThat(variant.get("resumed").asInt()).isEqualTo(2);
        assertThat(variant.get("reattaches").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(variant.get("gaps_ms").size()).isEqualTo(2);
        for (var gap : variant.get("gaps_ms")) {
            assertThat(gap.asDouble()).isPositive();
        }
        assertThat(variant.get("gap_ms").get("max").asDouble()).isPositive();
        assertThat(variant.get("echoed").asLong()).isPositive();
    }
}
