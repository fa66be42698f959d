package io.jumpingvpn.testkit.redis.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * SIGSTOP and SIGCONT by PID. {@link ProcessHandle} covers SIGTERM and SIGKILL but not these, so they go through
 * {@code kill(1)}.
 */
public final class Signals {

    private static final long KILL_COMMAND_TIMEOUT_SECONDS = 10;
    private static final long STOPPED_STATE_WAIT_MILLIS = 2_000;

    private Signals() {}

    /** Stops {@code pid} and, on Linux, waits until the kernel reports it stopped. */
    public static void stop(long pid) {
        send("STOP", pid);
        awaitStopped(pid);
    }

    public static void resume(long pid) {
        send("CONT", pid);
    }

    private static void send(String signal, long pid) {
        ProcessBuilder builder = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true);
        try {
            Process kill = builder.start();
            if (!kill.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException(
                        "kill -" + signal + " " + pid + " did not finish in " + KILL_COMMAND_TIMEOUT_SECONDS + " s");
            }
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.exitValue() != 0) {
                throw new IllegalStateException(
                        "kill -" + signal + " " + pid + " failed (exit " + kill.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }

    /**
     * Signals are delivered asynchronously; a test that pauses a server and immediately expects a timeout must not race
     * the kernel. Without /proc (macOS) there is nothing to poll and delivery is trusted.
     */
    private static void awaitStopped(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOPPED_STATE_WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (isStopped(stat)) {
                return;
            }
            Waits.sleep(5);
        }
        throw new IllegalStateException(
                "process " + pid + " not in stopped state " + STOPPED_STATE_WAIT_MILLIS + " ms after SIGSTOP");
    }

    private static boolean isStopped(Path stat) {
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            // "pid (comm) S ...": comm may contain spaces, so the state follows the last ')'
            int close = text.lastIndexOf(')');
            char state = text.charAt(close + 2);
            return state == 'T' || state == 't';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }
}
