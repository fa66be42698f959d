package io.jumpingvpn.deploy.bench.dataplane;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The load generator both measurements share. Flows are connected UDP sockets spread over {@code threads} client
 * threads; each thread serves its flows with one selector. Every flow keeps {@code window} datagrams in flight
 * (closed loop with pipelining): a datagram carries its sequence number and send time in its first 16 payload bytes,
 * and each echo received lets one more go. A flow that hears nothing for 200 ms declares what it has in flight lost
 * and starts again, so a dropped datagram cannot stall it. Only echoes received inside the measured window count.
 */
final class LoadGenerator {

    /** A connected, non-blocking socket and the wire it speaks. */
    record Flow(DatagramChannel channel, FlowWire wire) {
        Flow {
            requireNonNull(channel, "channel");
            requireNonNull(wire, "wire");
        }
    }

    static final String THREAD_PREFIX = "bench-flow-";

    private static final long LOSS_NANOS = 200_000_000L;

    private final int threads;
    private final int window;
    private final int payload;
    private final Duration warmup;
    private final Duration duration;
    private final PrintStream progress;

    LoadGenerator(int threads, int window, int payload, Duration warmup, Duration duration, PrintStream progress) {
        this.threads = threads;
        this.window = window;
        this.payload = payload;
        this.warmup = requireNonNull(warmup, "warmup");
        this.duration = requireNonNull(duration, "duration");
        this.progress = requireNonNull(progress, "progress");
    }

    /** Drives {@code flows} for the warm-up and the measured window; {@code serverThreads} names the server's threads. */
    LoadResult run(List<Flow> flows, String serverThreads, String label) throws InterruptedException {
        long start = System.nanoTime() + 20_000_000L;
        long measureStart = start + warmup.toNanos();
        long end = measureStart + duration.toNanos();
        var workers = new ArrayList<Worker>(threads);
        var finished = new ArrayList<CompletableFuture<Void>>(threads);
        for (int t = 0; t < threads; t++) {
            var own = new ArrayList<Flow>();
            for (int f = t; f < flows.size(); f += threads) {
                own.add(flows.get(f));
            }
            var worker = new Worker(own, measureStart, end, t);
            workers.add(worker);
            var done = new CompletableFuture<Void>();
            finished.add(done);
            Thread.ofPlatform().name(THREAD_PREFIX + t).daemon().start(() -> {
                try {
                    worker.drive();
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        }
        sleepUntil(measureStart);
        long serverCpu = CpuClock.threadsNamed(serverThreads);
        long processCpu = CpuClock.process();
        long windowStart = System.nanoTime();
        for (long tick = measureStart + 1_000_000_000L; tick < end; tick += 1_000_000_000L) {
            sleepUntil(tick);
            long received = workers.stream().mapToLong(w -> w.receivedSoFar).sum();
            double seconds = (System.nanoTime() - windowStart) / 1e9;
            progress.printf("  %s [%4.1fs] %.0f echoes/s%n", label, seconds, received / seconds);
        }
        sleepUntil(end);
        long windowNanos = System.nanoTime() - windowStart;
        serverCpu = CpuClock.threadsNamed(serverThreads) - serverCpu;
        processCpu = CpuClock.process() - processCpu;
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load generator thread failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the load generator threads did not stop within 30 s of the window's end");
        }
        return combine(workers, serverCpu, processCpu, windowNanos);
    }

    private static LoadResult combine(List<Worker> workers, long serverCpu, long processCpu, long windowNanos) {
        Histogram rtt = LatencyMs.newMicrosHistogram();
        long sent = 0, received = 0, bytes = 0, lost = 0, late = 0, invalid = 0, clientCpu = 0;
        for (var w : workers) {
            rtt.add(w.rtt);
            sent += w.sent;
            received += w.received;
            bytes += w.bytes;
            lost += w.lost;
            late += w.late;
            invalid += w.invalid();
            clientCpu += w.cpuNanos;
        }
        return new LoadResult(
                sent, received, bytes, lost, late, invalid, rtt, clientCpu, serverCpu, processCpu, windowNanos);
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** One client thread and its flows. */
    private final class Worker {
        private final List<FlowState> flows = new ArrayList<>();
        private final long measureStart;
        private final long end;
        private final ByteBuffer payloadBuffer;
        private final ByteBuffer out = ByteBuffer.allocate(WireFormat.MAX_FRAME_SIZE);
        private final ByteBuffer in = ByteBuffer.allocate(WireFormat.MAX_FRAME_SIZE + 1);
        private final Histogram rtt = LatencyMs.newMicrosHistogram();
        private long sent;
        private long received;
        private long bytes;
        private long lost;
        private long late;
        private long cpuNanos;
        private volatile long receivedSoFar;

        Worker(List<Flow> own, long measureStart, long end, int index) {
            for (var flow : own) {
                flows.add(new FlowState(flow));
            }
            this.measureStart = measureStart;
            this.end = end;
            var filler = new byte[payload];
            new Random(index).nextBytes(filler);
            this.payloadBuffer = ByteBuffer.wrap(filler);
        }

        long invalid() {
            long total = 0;
            for (var flow : flows) {
                total += flow.flow.wire().invalid() + flow.badEchoes;
            }
            return total;
        }

        void drive() throws IOException {
            try (var selector = Selector.open()) {
                for (var flow : flows) {
                    flow.flow.channel().register(selector, SelectionKey.OP_READ, flow);
                }
                long cpuAtStart = -1;
                long lastLossCheck = System.nanoTime();
                while (true) {
                    long now = System.nanoTime();
                    if (cpuAtStart < 0 && now >= measureStart) {
                        cpuAtStart = CpuClock.currentThread();
                    }
                    if (now >= end) {
                        break;
                    }
                    for (var flow : flows) {
                        fill(flow, now);
                    }
                    selector.select(5);
                    var keys = selector.selectedKeys();
                    for (var key : keys) {
                        drain((FlowState) key.attachment());
                    }
                    keys.clear();
                    receivedSoFar = received;
                    if (now - lastLossCheck > 10_000_000L) {
                        lastLossCheck = now;
                        for (var flow : flows) {
                            flow.checkLoss(now);
                        }
                    }
                }
                cpuNanos = cpuAtStart < 0 ? 0 : CpuClock.currentThread() - cpuAtStart;
            }
        }

        private void fill(FlowState flow, long now) throws IOException {
            var channel = flow.flow.channel();
            out.clear();
            if (flow.flow.wire().keepAlive(now, out)) {
                out.flip();
                channel.write(out);
            }
            while (flow.outstanding < window) {
                payloadBuffer.clear();
                payloadBuffer.putLong(0, flow.nextSeq);
                payloadBuffer.putLong(8, System.nanoTime());
                out.clear();
                flow.flow.wire().wrap(payloadBuffer, out);
                out.flip();
                if (channel.write(out) == 0) {
                    return;
                }
                flow.outstanding++;
                flow.nextSeq++;
                if (now >= measureStart) {
                    sent++;
                }
            }
        }

        private void drain(FlowState flow) throws IOException {
            var channel = flow.flow.channel();
            while (true) {
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("a benchmark flow's socket failed", e);
                }
                if (n <= 0) {
                    return;
                }
                in.flip();
                var echoed = flow.flow.wire().unwrap(in);
                if (echoed == null) {
                    continue;
                }
                long now = System.nanoTime();
                int at = echoed.position();
                if (echoed.remaining() != payload) {
                    flow.badEchoes++;
                    continue;
                }
                long seq = echoed.getLong(at);
                long sentAt = echoed.getLong(at + 8);
                if (seq < 0 || seq >= flow.nextSeq) {
                    flow.badEchoes++;
                    continue;
                }
                flow.lastEchoNanos = now;
                if (seq < flow.resetBelow) {
                    late++;
                    continue;
                }
                flow.outstanding--;
                if (now >= measureStart && now < end) {
                    received++;
                    bytes += payload;
                    rtt.recordValue(Math.max(1, (now - sentAt) / 1_000));
                }
            }
        }

        /** Per-flow bookkeeping. */
        private final class FlowState {
            final Flow flow;
            long nextSeq;
            int outstanding;
            long resetBelow;
            long lastEchoNanos = System.nanoTime();
            long badEchoes;

            FlowState(Flow flow) {
                this.flow = flow;
            }

            void checkLoss(long now) {
                if (outstanding > 0 && now - lastEchoNanos > LOSS_NANOS) {
                    lost += outstanding;
                    outstanding = 0;
                    resetBelow = nextSeq;
                    lastEchoNanos = now;
                }
            }
        }
    }
}
