package io.jumpingvpn.testkit.redis.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills, at JVM exit, every process the fixtures started and did not end, and deletes their directories. A test run
 * that fails half-way must not leave redis-server processes holding ports for the next run.
 *
 * <p>Only processes registered here are touched, and only by their PID.
 */
public final class ProcessReaper {

    private static final Set<ProcessHandle> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("jvpn-testkit-reaper").unstarted(ProcessReaper::reapAll));
    }

    private ProcessReaper() {}

    public static void register(ProcessHandle process) {
        PROCESSES.add(requireNonNull(process, "process"));
    }

    public static void unregister(ProcessHandle process) {
        PROCESSES.remove(requireNonNull(process, "process"));
    }

    public static void registerDirectory(Path directory) {
        DIRECTORIES.add(requireNonNull(directory, "directory"));
    }

    public static void unregisterDirectory(Path directory) {
        DIRECTORIES.remove(requireNonNull(directory, "directory"));
    }

    private static void reapAll() {
        List<ProcessHandle> processes = List.copyOf(PROCESSES);
        // SIGKILL also ends a process stopped with SIGSTOP, which SIGTERM would not
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the JVM is exiting: nothing more to do for a process that outlives SIGKILL for 2 s
            }
        }
        DIRECTORIES.forEach(Directories::deleteQuietly);
    }
}
