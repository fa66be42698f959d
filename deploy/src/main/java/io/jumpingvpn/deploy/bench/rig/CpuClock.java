package io.jumpingvpn.deploy.bench.rig;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of threads and of the process, to tell who was busy during a measured window: the benchmark's own client
 * threads, the server's threads (found by name prefix), the whole process. Nanoseconds; -1 where the JVM cannot say.
 */
public final class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    /** CPU time of the calling thread. */
    public static long currentThread() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Total CPU time of the live threads whose name starts with {@code prefix}. */
    public static long threadsNamed(String prefix) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return -1;
        }
        long total = 0;
        for (var thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix)) {
                long cpu = THREADS.getThreadCpuTime(thread.threadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    /** CPU time of the whole process (every thread, the JIT and GC included). */
    public static long process() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Cores kept busy on average: {@code cpuNanos} over {@code wallNanos}, two decimals; -1 when unknown. */
    public static double cores(long cpuNanos, long wallNanos) {
        if (cpuNanos < 0 || wallNanos <= 0) {
            return -1;
        }
        return Math.round(cpuNanos * 100.0 / wallNanos) / 100.0;
    }
}
