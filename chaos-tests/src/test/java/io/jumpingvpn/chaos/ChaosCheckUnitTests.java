package io.jumpingvpn.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.chaos.checker.Invariant;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvpn chaos check DIR} on the history directories kept as files under src/test/resources/histories. */
class ChaosCheckUnitTests {

    @TempDir
    Path temp;

    private Path copyOf(String name) throws IOException, URISyntaxException {
        var source = Path.of(Objects.requireNonNull(getClass().getResource("/histories/" + name))
                .toURI());
        var target = temp.resolve(name);
        try (var files = Files.walk(source)) {
            for (var file : files.toList()) {
                var destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
        return target;
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void aCleanHistoryIsValidAndBothReportsAreWritten() throws Exception {
        var dir = copyOf("clean-reattach");

        var outcome = ChaosCheck.check(dir);

        assertThat(outcome).isInstanceOf(CheckOutcome.Checked.class);
        assertThat(outcome.valid()).as(outcome.summary()).isTrue();
        assertThat(outcome.summary()).startsWith("VALID: 4 operations, 1 faults, seed 7");
        var report = json(dir.resolve("report.json"));
        assertThat(report.get("valid").booleanValue()).isTrue();
        assertThat(report.get("faults").get("partition-agents").intValue()).isEqualTo(1);
        assertThat(report.get("ops").get("by_outcome").get("ok").intValue()).isEqualTo(3);
        assertThat(report.get("ops").get("by_code").get("STALE_VERSION").intValue())
                .isEqualTo(1);
        assertThat(report.get("latency_ms").get("reattach").get("max").doubleValue())
                .isEqualTo(12.0);
        for (var invariant : Invariant.values()) {
            assertThat(report.get("invariants")
                            .get(invariant.key())
                            .get("valid")
                            .booleanValue())
                    .as(invariant.key())
                    .isTrue();
        }
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("VALID")
                .doesNotContain("INVALID");
    }

    @Test
    void overlappingBindsMakeTheRunInvalidWithACounterexampleInTheReport() throws Exception {
        var dir = copyOf("overlapping-binds");

        var outcome = ChaosCheck.check(dir);

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.summary())
                .contains("no_dual_active: invalid (1 counterexamples)")
                .contains("session s-a was bound on n1 (v1) and n2 (v3) at once from +3.007 s");
        var invariant = json(dir.resolve("report.json")).get("invariants").get("no_dual_active");
        assertThat(invariant.get("valid").booleanValue()).isFalse();
        var counterexample = invariant.get("counterexamples").get(0);
        assertThat(counterexample.get("session").textValue()).isEqualTo("s-a");
        assertThat(counterexample.get("at_ms").doubleValue()).isEqualTo(3007.0);
        assertThat(counterexample.get("evidence").findValuesAsText("ref"))
                .contains("nodes/n1.jsonl:2", "nodes/n2.jsonl:4");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("INVALID", "nodes/n2.jsonl:4");
    }

    @Test
    void aMalformedLineMakesTheRunInvalidAndIsReportedWithItsLine() throws Exception {
        var dir = copyOf("malformed-line");

        var outcome = ChaosCheck.check(dir);

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.summary())
                .contains("history not fully readable (1 problems)", "history.jsonl:7: not valid JSON");
        var report = json(dir.resolve("report.json"));
        assertThat(report.get("readable").booleanValue()).isFalse();
        assertThat(report.get("read_problems").get(0).get("ref").textValue()).isEqualTo("history.jsonl:7");
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("History not fully readable", "history.jsonl:7");
    }

    @Test
    void aMissingDirectoryIsAFailureNotACrash() {
        var outcome = ChaosCheck.check(temp.resolve("no-such-run"));

        assertThat(outcome).isInstanceOf(CheckOutcome.Failed.class);
        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.summary())
                .startsWith("chaos check failed: run directory ")
                .contains("does not exist");
    }

    @Test
    void anEmptyDirectoryIsCheckedAsUnreadable() throws IOException {
        var dir = Files.createDirectory(temp.resolve("empty"));

        var outcome = ChaosCheck.check(dir);

        assertThat(outcome).isInstanceOf(CheckOutcome.Checked.class);
        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.summary()).contains("run.json: missing");
        assertThat(dir.resolve("report.json")).exists();
        assertThat(dir.resolve("report.html")).exists();
    }
}
