package io.jumpingvpn.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.deploy.Jvpn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs one {@code jvpn bench ...} command line in this JVM and reads the JSON object it wrote to {@code --json}. */
record BenchRun(int exitCode, JsonNode report) {

    static BenchRun of(Path directory, String... args) throws IOException {
        var json = directory.resolve("report.json");
        var line = new ArrayList<>(List.of(args));
        line.add("--json");
        line.add(json.toString());
        int exitCode = Jvpn.execute(line.toArray(String[]::new));
        var report = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null;
        return new BenchRun(exitCode, report);
    }
}
