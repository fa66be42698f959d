package io.jumpingvpn.cluster;

import static org.awaitility.Awaitility.await;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code jvpn gateway} process, started with this test JVM's java and class path, its output in files. Stopped by
 * PID: {@link #close()} kills it (and resumes it first if it was paused), so a test's {@code finally} leaves nothing
 * running.
 */
final class NodeProcess implements AutoCloseable {

    final String id;
    final int port;
    private final Process process;
    private final Path output;
    private volatile boolean paused;

    private NodeProcess(String id, int port, Process process, Path output) {
        this.id = id;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts node {@code id} listening on UDP and TCP {@code port}, with {@code flags} added to the command line (store,
     * keys, members, history, policy, ...).
     */
    static NodeProcess start(String id, int port, Path dir, List<String> flags) {
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<String>(List.of(
                java,
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.jumpingvpn.deploy.Jvpn",
                "gateway",
                "--node-id",
                id,
                "--listen",
                "udp://127.0.0.1:" + port + ",tcp://127.0.0.1:" + port));
        command.addAll(flags);
        var output = dir.resolve("node-" + id + ".log");
        try {
            Files.createDirectories(dir);
            var process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new NodeProcess(id, port, process, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + id, e);
        }
    }

    Candidate udp() {
        return new Candidate(TransportKind.UDP, "127.0.0.1:" + port);
    }

    /** The token the agents write for this node in their history (the dialled endpoint). */
    String agentToken() {
        return "127.0.0.1_" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the node says it serves (or fails, with its output). */
    void awaitServing(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("node " + id + " exited with " + process.exitValue() + ":\n" + log());
            }
            return log().contains(" serving [");
        });
    }

    String log() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** SIGKILL. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM: the node drains and exits. */
    void terminate() {
        process.destroy();
    }

    boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process keeps its sockets but runs nothing until {@link #resume()}. */
    void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            if (paused) {
                resume();
            }
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }
}
