package io.jumpingvpn.deploy.bench.cluster.failure;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One {@code jvpn gateway} process, started with this process's java and class path, its output in a file. Signalled
 * and stopped by PID only: {@link #kill()} is SIGKILL, {@link #pause()} SIGSTOP; {@link #close()} kills it if it is
 * still running, so nothing outlives the benchmark.
 */
final class GatewayProcess implements AutoCloseable {

    private static final List<String> JVM_FLAGS =
            List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    final String id;
    final int port;
    private final Process process;
    private final Path output;

    private GatewayProcess(String id, int port, Process process, Path output) {
        this.id = id;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /** Starts node {@code id} on UDP {@code port} of 127.0.0.1 with {@code flags} added; output to {@code dir}. */
    static GatewayProcess start(String id, int port, Path dir, List<String> flags) {
        requireNonNull(id, "id");
        requireNonNull(dir, "dir");
        var java = ProcessHandle.current().info().command().orElse("java");
        var classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        command.addAll(List.of(
                "-cp",
                classPath,
                "io.jumpingvpn.deploy.Jvpn",
                "gateway",
                "--node-id",
                id,
                "--listen",
                "udp://127.0.0.1:" + port));
        command.addAll(flags);
        var output = dir.resolve("node-" + id + ".log");
        try {
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new GatewayProcess(id, port, process, output);
        } catch (IOException e) {
            throw new UserError("cannot start gateway process " + id + ": " + e.getMessage(), e);
        }
    }

    Candidate candidate() {
        return new Candidate(TransportKind.UDP, "127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the node says it serves; a node that exits or takes too long stops the benchmark with its log. */
    void awaitServing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(" serving [")) {
            if (!process.isAlive()) {
                throw new UserError(
                        "gateway process " + id + " exited with " + process.exitValue() + "; its log:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new UserError("gateway process " + id + " did not serve within " + timeout.toSeconds()
                        + " s; its log is " + output);
            }
            Thread.sleep(50);
        }
    }

    String log() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process keeps its sockets (nothing refuses a packet) but runs nothing. */
    void pause() {
        try {
            var stop = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!stop.waitFor(10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
                throw new UserError("kill -STOP " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UserError("cannot run kill -STOP: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while pausing gateway process " + id, e);
        }
    }

    /** CPU time the process used so far (user + system), in ns; -1 when the platform does not say. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kills the process (SIGKILL works on a stopped one too) if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
