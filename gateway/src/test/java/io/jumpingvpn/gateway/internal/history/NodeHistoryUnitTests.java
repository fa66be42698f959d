package io.jumpingvpn.gateway.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHistoryUnitTests {

    @TempDir
    Path temp;

    @Test
    void everyEventIsOneJsonLineWithOnlyItsFields() throws Exception {
        var now = new AtomicLong(1_000);
        var file = temp.resolve("nodes/gw-1.jsonl");
        var history = NodeHistory.open(file, "gw-1", now::get);
        history.lease(7, 5_000);
        now.set(2_000);
        history.bind(7, "s1", 1);
        history.forward(2_500, 7, "s1", 1);
        now.set(3_000);
        history.version(7, "s1", 3);
        history.unbind(7, "s1", 3, "transport dead");
        history.close(Duration.ofSeconds(5));

        var lines = Files.readAllLines(file);
        assertThat(lines)
                .containsExactly(
                        "{\"mono_ns\":1000,\"node\":\"gw-1\",\"epoch\":7,\"event\":\"lease\",\"valid_until_mono_ns\":5000}",
                        "{\"mono_ns\":2000,\"node\":\"gw-1\",\"epoch\":7,\"event\":\"bind\",\"session\":\"s1\",\"version\":1}",
                        "{\"mono_ns\":2500,\"node\":\"gw-1\",\"epoch\":7,\"event\":\"forward\",\"session\":\"s1\",\"version\":1}",
                        "{\"mono_ns\":3000,\"node\":\"gw-1\",\"epoch\":7,\"event\":\"version\",\"session\":\"s1\",\"version\":3}",
                        "{\"mono_ns\":3000,\"node\":\"gw-1\",\"epoch\":7,\"event\":\"unbind\",\"session\":\"s1\",\"version\":3,"
                                + "\"reason\":\"transport dead\"}");
        var mapper = new ObjectMapper();
        for (var line : lines) {
            assertThat(mapper.readTree(line).isObject()).isTrue();
        }
    }

    @Test
    void aDisabledHistoryWritesNothing() {
        var history = NodeHistory.disabled();
        history.bind(1, "s", 1);

        assertThat(history.enabled()).isFalse();
        assertThat(history.dropped()).isZero();
        history.close();
    }
}
