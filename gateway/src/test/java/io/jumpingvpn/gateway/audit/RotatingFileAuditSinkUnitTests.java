package io.jumpingvpn.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.testing.AuditSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileAuditSinkUnitTests {

    @TempDir
    Path temp;

    @Test
    void rotatesBySizeKeepsABoundedNumberOfFilesAndNeverSplitsALine() throws Exception {
        var file = temp.resolve("logs/audit.jsonl");
        var sink = RotatingFileAuditSink.open(file, 2048, 2);
        int written = 0;
        for (int i = 0; i < 60; i++) {
            sink.write(AuditEvent.sessionTerminated(
                    Instant.now(), "gw-1", "session-" + i, 2, "OPERATOR_TERMINATE", 1, 0, true));
            written++;
        }
        sink.close();

        assertThat(file).exists();
        assertThat(sink.rotated(1)).exists();
        assertThat(sink.rotated(2)).exists();
        assertThat(sink.rotated(3)).doesNotExist();
        var lines = new ArrayList<String>();
        for (var part : List.of(sink.rotated(2), sink.rotated(1), file)) {
            assertThat(Files.size(part)).isLessThan(2048 + 512);
            lines.addAll(Files.readAllLines(part));
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(AuditSchema.problems(line))
                .isEmpty());
        assertThat(lines.getLast()).contains("\"session_id\":\"session-" + (written - 1) + "\"");
        // the kept files hold the newest events, in order
        for (int i = 1; i < lines.size(); i++) {
            assertThat(number(lines.get(i))).isEqualTo(number(lines.get(i - 1)) + 1);
        }
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        var file = temp.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":true}\n");
        var sink = RotatingFileAuditSink.open(file, 1 << 20, 3);
        sink.write(AuditEvent.sessionTerminated(Instant.now(), "gw-1", "s1", 2, "OPERATOR_TERMINATE", 1, 0, true));
        sink.close();

        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"earlier\":true}");
    }

    private static int number(String line) {
        int start = line.indexOf("session-") + "session-".length();
        return Integer.parseInt(line.substring(start, line.indexOf('"', start)));
    }
}
