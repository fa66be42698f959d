package io.jumpingvpn.deploy.bench.rig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.jumpingvpn.deploy.cli.UserError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of every benchmark: one JSON object (snake_case) as the last line of stdout, and in {@code --json FILE}. */
public final class BenchOutput {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private BenchOutput() {}

    public static String json(Object report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a benchmark report did not serialise: " + e.getMessage(), e);
        }
    }

    /** Writes {@code report} to {@code jsonFile} (if not null), then prints it on {@code out}. */
    public static void emit(Object report, Path jsonFile, PrintStream out) {
        var line = json(report);
        if (jsonFile != null) {
            try {
                Files.writeString(jsonFile, line + System.lineSeparator());
            } catch (IOException e) {
                throw new UserError("cannot write --json " + jsonFile + ": " + e.getMessage(), e);
            }
        }
        out.println(line);
    }
}
