package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.node.NodeProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code ChaosNode} process, started and ended by its PID. Its standard error and every line of standard output
 * that is not for the runner go to its log file; the {@code READY} line completes {@link #awaitReady}. Commands go to
 * its standard input; closing that ends the node, so the nodes of a runner that dies end too.
 */
public final class NodeProcess implements AutoCloseable {

    private final String node;
    private final Process process;
    private final Path log;
    private final CompletableFuture<NodeProtocol.Ready> ready = new CompletableFuture<>();
    private final OutputStream commands;
    private volatile boolean paused;

    private NodeProcess(String node, Process process, Path log) {
        this.node = node;
        this.process = process;
        this.log = log;
        this.commands = process.getOutputStream();
        Thread.ofVirtual().name("chaos-node-out-" + node).start(this::readOutput);
    }

    /** Starts {@code command} (a java command line, possibly inside a namespace) for node {@code node}. */
    static NodeProcess start(String node, List<String> command, Path log) {
        requireNonNull(node, "node");
        requireNonNull(command, "command");
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            var process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new NodeProcess(node, process, log);
        } catch (IOException e) {
            throw new ClusterException(
                    "cannot start node " + node + " (" + command.getFirst() + "): " + e.getMessage(), e);
        }
    }

    private void readOutput() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                var isReady = NodeProtocol.ready(line);
                if (isReady.isPresent()) {
                    ready.complete(isReady.get());
                    continue;
                }
                var failure = NodeProtocol.failure(line);
                failure.ifPresent(reason -> ready.completeExceptionally(
                        new ClusterException("node " + node + " did not start: " + reason)));
                appendLog(line);
            }
        } catch (IOException ignored) {
            // the process is gone; awaitReady reports its exit
        }
        ready.completeExceptionally(new ClusterException("node " + node + " exited before it served"));
    }

    private void appendLog(String line) {
        try {
            Files.writeString(
                    log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is for people; losing a line must not stop the run
        }
    }

    /** Waits until the node serves; fails with one line and the tail of its log if it does not. */
    public NodeProtocol.Ready awaitReady(Duration timeout) {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ClusterException(e.getCause().getMessage() + "; log " + log + ": " + logTail(), e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterException("node " + node + " did not serve within " + timeout.toSeconds() + " s; log "
                    + log + ": " + logTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for node " + node);
        }
    }

    private String logTail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public boolean paused() {
        return paused;
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        paused = false;
    }

    /** SIGSTOP: the node keeps its sockets but runs nothing, not even its lease renewals. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        var result = Shell.run(List.of("kill", "-" + signal, Long.toString(process.pid())));
        if (!result.ok()) {
            throw new ClusterException(
                    "kill -" + signal + " " + process.pid() + " (node " + node + ") failed: " + result.output());
        }
    }

    /** Sends one command line to the node (a paused node reads it when it resumes); false if the node is gone. */
    public boolean send(String command) {
        try {
            synchronized (commands) {
                commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                commands.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks the node to end the way a runner that is done ends it: its standard input closes, it closes its gateway
     * (every session unbound, the lease released) and exits. {@link #awaitExit} waits for it.
     */
    public void requestStop() {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        try {
            synchronized (commands) {
                commands.close();
            }
        } catch (IOException ignored) {
            // the pipe is already gone: the node sees its input end either way
        }
    }

    /** True once the process exited, false if it still runs after {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        return waitFor(timeout);
    }

    /** Kills the process (resuming it first if it was paused, so that nothing is left stopped). */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            Shell.run(List.of("kill", "-CONT", Long.toString(process.pid())));
        }
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "node " + node + " (pid " + process.pid() + ")";
    }
}
