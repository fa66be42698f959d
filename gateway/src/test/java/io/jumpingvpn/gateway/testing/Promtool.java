package io.jumpingvpn.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}) on a scrape. A missing promtool fails the test
 * with the install hint; it never skips.
 */
public final class Promtool {

    /** What promtool said: its exit code and everything it printed (problems are one per line). */
    public record Result(int exitCode, String output) {
        public boolean clean() {
            return exitCode == 0 && output.isBlank();
        }
    }

    private Promtool() {}

    public static Path binary() {
        for (var dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            var candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (var fixed : new String[] {"/usr/bin/promtool", "/usr/local/bin/promtool"}) {
            if (Files.isExecutable(Path.of(fixed))) {
                return Path.of(fixed);
            }
        }
        throw new AssertionError("promtool is not installed: apt-get install -y prometheus (Debian/Ubuntu) or"
                + " brew install prometheus; the metrics tests need it and do not skip");
    }

    public static Result checkMetrics(String scrape) throws IOException, InterruptedException {
        var process = new ProcessBuilder(binary().toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
