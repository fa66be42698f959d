package io.jumpingvpn.chaos.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.chaos.checker.CheckResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes {@code report.json} and {@code report.html} into a run directory, each replaced as a whole. */
public final class ReportFiles {

    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    private ReportFiles() {}

    public static void write(Path dir, CheckResult result) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(result, "result");
        replace(dir.resolve(JSON), new ReportJson(new ObjectMapper()).renderText(result));
        replace(dir.resolve(HTML), ReportHtml.render(result));
    }

    private static void replace(Path target, String content) throws IOException {
        var temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
