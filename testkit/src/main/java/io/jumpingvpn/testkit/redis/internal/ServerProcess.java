package io.jumpingvpn.testkit.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.testkit.redis.RedisFixtureException;
import io.jumpingvpn.testkit.resp.RespClient;
import io.jumpingvpn.testkit.resp.RespValue;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system side of one redis-server: start it and wait until it answers PING, signal it by PID, wait for
 * it to exit. It is restartable; each start is a new process with a new PID. Thread-safe.
 */
public final class ServerProcess {

    /** How a start ended when it did not throw. */
    public enum StartOutcome {
        READY,
        /** The port was taken before redis-server could bind it; the caller picks another or waits. */
        PORT_IN_USE
    }

    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);

    private static final String HOST = "127.0.0.1";
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final long READY_POLL_MILLIS = 20;
    private static final long KILL_WAIT_MILLIS = 10_000;
    private static final int LOG_TAIL_LINES = 30;

    private final String label;
    private final List<String> command;
    private final Path workDir;
    private final Path logFile;
    private final Path outputFile;

    // written under the lock, read without it: a start may hold the lock for seconds
    private volatile Process process;
    private volatile boolean paused;

    /**
     * @param label names the server in errors ({@code redis-server (sentinel)})
     * @param logFile the log file redis.conf names, read for error messages
     * @param outputFile where stdout and stderr go (config errors are printed before the log file opens)
     */
    public ServerProcess(String label, List<String> command, Path workDir, Path logFile, Path outputFile) {
        this.label = requireNonNull(label, "label");
        this.command = List.copyOf(command);
        this.workDir = requireNonNull(workDir, "workDir");
        this.logFile = requireNonNull(logFile, "logFile");
        this.outputFile = requireNonNull(outputFile, "outputFile");
    }

    /**
     * Starts the process, which must listen on {@code port}, and waits until it answers PING.
     *
     * @throws RedisFixtureException when it exits for another reason than a taken port, or does not answer in time;
     *     the message carries the tail of its output and log
     */
    public synchronized StartOutcome start(int port, Duration startTimeout) {
        if (isRunning()) {
            throw new IllegalStateException(describe(port) + " is already running");
        }
        long logOffset = LogTail.size(logFile);
        long outputOffset = LogTail.size(outputFile);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new RedisFixtureException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        ProcessReaper.register(started.toHandle());
        process = started;
        paused = false;
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (!started.isAlive()) {
                ProcessReaper.unregister(started.toHandle());
                String output = startOutput(logOffset, outputOffset);
                if (output.contains("Address already in use")) {
                    return StartOutcome.PORT_IN_USE;
                }
                throw new RedisFixtureException(describe(port) + " exited with code " + started.exitValue()
                        + " while starting; output and log tail:\n" + output);
            }
            String problem = probe(port);
            if (problem == null) {
                log.debug("started {}", describe(port));
                return StartOutcome.READY;
            }
            if (System.nanoTime() - deadline >= 0) {
                kill();
                throw new RedisFixtureException(describe(port) + " did not answer PING within "
                        + startTimeout.toMillis() + " ms (last: " + problem + "); output and log tail:\n"
                        + startOutput(logOffset, outputOffset));
            }
            Waits.sleep(READY_POLL_MILLIS);
        }
    }

    /** SIGTERM (after SIGCONT when paused), then SIGKILL if it has not exited within {@code timeout}. */
    public synchronized void stop(Duration timeout) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            paused = false;
            return;
        }
        if (paused) {
            // a stopped process keeps SIGTERM pending until it is continued
            Signals.resume(current.pid());
            paused = false;
        }
        current.destroy();
        if (!awaitExit(current, timeout.toMillis())) {
            log.warn("pid {} ignored SIGTERM for {} ms; sending SIGKILL", current.pid(), timeout.toMillis());
            kill();
            return;
        }
        ProcessReaper.unregister(current.toHandle());
    }

    /** SIGKILL, which also ends a paused process, and wait for the exit. */
    public synchronized void kill() {
        Process current = process;
        paused = false;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        if (!awaitExit(current, KILL_WAIT_MILLIS)) {
            throw new RedisFixtureException(
                    label + " pid " + current.pid() + " still exists " + KILL_WAIT_MILLIS + " ms after SIGKILL");
        }
        ProcessReaper.unregister(current.toHandle());
    }

    public synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException(label + " in " + workDir + " is not running; cannot pause it");
        }
        if (!paused) {
            Signals.stop(process.pid());
            paused = true;
        }
    }

    public synchronized void resume() {
        if (paused && isRunning()) {
            Signals.resume(process.pid());
        }
        paused = false;
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public boolean isPaused() {
        return paused && isRunning();
    }

    /** PID of the current or last process; -1 before the first start. */
    public long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    /** Null when 127.0.0.1:{@code port} answers PONG within half a second, else what happened instead. */
    public static String probe(int port) {
        try (RespClient client = RespClient.connect(HOST, port, PROBE_TIMEOUT)) {
            RespValue reply = client.call("PING");
            return reply instanceof RespValue.SimpleString(String value) && value.equals("PONG")
                    ? null
                    : "PING answered " + reply;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private String describe(int port) {
        return label + " on " + HOST + ":" + port + " (pid " + pid() + ", " + workDir + ")";
    }

    private String startOutput(long logOffset, long outputOffset) {
        String output = LogTail.since(outputFile, outputOffset, LOG_TAIL_LINES);
        String serverLog = LogTail.since(logFile, logOffset, LOG_TAIL_LINES);
        return (output + "\n" + serverLog).strip();
    }

    private static boolean awaitExit(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + process.pid() + " to exit", e);
        }
    }
}
