package io.jumpingvpn.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.protocol.state.SessionState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentHistoryUnitTests {

    @TempDir
    Path dir;

    @Test
    void linesAreJsonObjectsWithTheCheckersFieldsAndNothingAbsent() throws Exception {
        var file = dir.resolve("agents/p1.jsonl");
        try (var history = AgentHistory.open(file)) {
            history.append(HistoryLine.attached(10, "a1", "s1", 1, "127.0.0.1_4500"));
            history.append(HistoryLine.accept(11, "a1", "s1", 1, "127.0.0.1_4500"));
            history.append(HistoryLine.rejectFrame(12, "a1", "s1", 1, "127.0.0.1_4500", "WRONG_ATTACHMENT"));
            history.append(HistoryLine.state(13, "a1", "s1", SessionState.RECOVERING, 2));
            history.append(HistoryLine.terminated(14, "a1", "s1", "RECOVERY_WINDOW_EXCEEDED", 3));
        }

        var lines = Files.readAllLines(file);
        assertThat(lines)
                .containsExactly(
                        "{\"mono_ns\":10,\"agent\":\"a1\",\"session\":\"s1\",\"event\":\"attached\",\"version\":1,"
                                + "\"node\":\"127.0.0.1_4500\"}",
                        "{\"mono_ns\":11,\"agent\":\"a1\",\"session\":\"s1\",\"event\":\"accept\",\"version\":1,"
                                + "\"node\":\"127.0.0.1_4500\"}",
                        "{\"mono_ns\":12,\"agent\":\"a1\",\"session\":\"s1\",\"event\":\"reject_frame\",\"version\":1,"
                                + "\"node\":\"127.0.0.1_4500\",\"code\":\"WRONG_ATTACHMENT\"}",
                        "{\"mono_ns\":13,\"agent\":\"a1\",\"session\":\"s1\",\"event\":\"state\",\"version\":2,"
                                + "\"state\":\"RECOVERING\"}",
                        "{\"mono_ns\":14,\"agent\":\"a1\",\"session\":\"s1\",\"event\":\"terminated\",\"version\":3,"
                                + "\"code\":\"RECOVERY_WINDOW_EXCEEDED\"}");
        var mapper = new ObjectMapper();
        for (var line : lines) {
            assertThat(mapper.readTree(line).isObject()).isTrue();
        }
    }

    @Test
    void appendingAfterCloseDropsAndCounts() throws Exception {
        var history = AgentHistory.open(dir.resolve("h.jsonl"));
        history.append(HistoryLine.state(1, "a", "s", SessionState.ATTACHED, 1));
        history.close();
        history.close();

        history.append(HistoryLine.state(2, "a", "s", SessionState.ATTACHED, 1));

        assertThat(history.written()).isEqualTo(1);
        assertThat(history.dropped()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("h.jsonl"))).hasSize(1);
    }

    @Test
    void aTornLastLineIsClosedBeforeNewLines() throws Exception {
        var file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"whole\":1}\n{\"torn\":");
        try (var history = AgentHistory.open(file)) {
            history.append(HistoryLine.state(1, "a", "s", SessionState.ATTACHED, 1));
        }
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "{\"whole\":1}",
                        "{\"torn\":",
                        "{\"mono_ns\":1,\"agent\":\"a\",\"session\":\"s\",\"event\":\"state\",\"version\":1,"
                                + "\"state\":\"ATTACHED\"}");
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        var file = dir.resolve("h.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        try (var history = AgentHistory.open(file)) {
            history.append(HistoryLine.state(1, "a", "s", SessionState.ATTACHED, 1));
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"earlier\":true}");
    }
}
