package io.jumpingvpn.chaos.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short system command ({@code ip}, {@code iptables}, {@code kill}) and returns its exit code and output. */
final class Shell {

    /** What a command did. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Shell() {}

    /** Runs {@code command}; a command that cannot be started or does not end in time has exit code -1. */
    static Result run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, "cannot run " + String.join(" ", command) + ": " + e.getMessage());
        }
        // Read the output on the side, so that a command that never ends cannot block us past the timeout.
        var output = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (var in = process.getInputStream()) {
                output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.complete("(output unreadable: " + e.getMessage() + ")");
            }
        });
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " did not end within " + TIMEOUT.toSeconds() + " s");
            }
            return new Result(
                    process.exitValue(), output.get(5, TimeUnit.SECONDS).strip());
        } catch (IOException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", command) + ": interrupted");
        }
    }

    /** Runs {@code command} and fails with one line (the command and its output) unless it exits with 0. */
    static String check(List<String> command) {
        var result = run(command);
        if (!result.ok()) {
            throw new ClusterException(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.output().replace('\n', ' '));
        }
        return result.output();
    }
}
