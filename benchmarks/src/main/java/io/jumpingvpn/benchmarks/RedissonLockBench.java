package io.jumpingvpn.benchmarks;

import java.util.ArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@code RLock} acquire + release rate on a Redis server: the baseline the store benchmark's uncontended
 * commit rate is compared with. Each of {@code concurrency} threads repeatedly locks and unlocks its own lock, so there
 * is no lock contention, only the cost of the lock protocol.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.jumpingvpn.benchmarks.RedissonLockBench redis://HOST:PORT CONCURRENCY
 * SECONDS}. Prints one JSON object on the last line of stdout.
 */
public final class RedissonLockBench {

    private RedissonLockBench() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: RedissonLockBench redis://HOST:PORT CONCURRENCY SECONDS");
            System.exit(2);
        }
        var address = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        if (concurrency < 1 || concurrency > 1024 || seconds < 1 || seconds > 3600) {
            System.err.println("CONCURRENCY must be 1..1024 and SECONDS 1..3600");
            System.exit(2);
        }
        var config = new Config();
        config.useSingleServer()
                .setAddress(address)
                .setConnectionPoolSize(Math.max(concurrency, 8))
                .setConnectionMinimumIdleSize(Math.max(concurrency, 8));
        RedissonClient redisson = Redisson.create(config);
        var operations = new LongAdder();
        var latencyMicros = new Recorder(3);
        try {
            long warmupEnd = System.nanoTime() + 2_000_000_000L;
            long start = warmupEnd;
            long end = start + seconds * 1_000_000_000L;
            var threads = new ArrayList<Thread>();
            for (int i = 0; i < concurrency; i++) {
                var lock = redisson.getLock("jvpn-bench-rlock-" + i);
                threads.add(Thread.ofPlatform().name("rlock-" + i).start(() -> {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        lock.lock();
                        lock.unlock();
                        long done = System.nanoTime();
                        if (now >= start) {
                            operations.increment();
                            latencyMicros.recordValue(Math.max(1, (done - now) / 1_000));
                        }
                    }
                }));
            }
            for (var thread : threads) {
                thread.join();
            }
            var histogram = latencyMicros.getIntervalHistogram();
            System.out.printf(
                    "{\"mode\":\"redisson-rlock\",\"concurrency\":%d,\"ops\":%d,\"seconds\":%d,"
                            + "\"lock_unlock_per_s\":%.1f,\"latency_ms\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}}%n",
                    concurrency,
                    operations.sum(),
                    seconds,
                    operations.sum() / (double) seconds,
                    histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0);
        } finally {
            redisson.shutdown();
        }
    }
}
