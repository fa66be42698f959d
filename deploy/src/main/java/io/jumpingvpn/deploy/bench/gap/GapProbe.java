package io.jumpingvpn.deploy.bench.gap;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.Agent;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Traffic through the agent: a datagram carrying its sequence number every {@code interval} through
 * {@link Agent#send}, and the gateway's echoes recorded by the agent's data handler. A cut (killing or silencing the
 * transport) runs on the sending thread between two datagrams, so the first datagram sent after it is known exactly;
 * the gap of the cut is then the first echo of a datagram sent after it minus the last echo of one sent before it.
 */
final class GapProbe implements AutoCloseable {

    /** A cut to make between two datagrams, and what the probe saw of it. */
    private record Cut(Runnable action, CompletableFuture<Long> firstSeqAfter) {}

    private final long intervalNanos;
    private final int payload;
    private final AtomicReference<Cut> pendingCut = new AtomicReference<>();
    private volatile Agent agent;
    private volatile boolean running = true;
    private volatile long nextSeq;
    private volatile long watchSeq = Long.MAX_VALUE;
    private volatile long lastEchoNanos;
    private final AtomicLong lastBeforeNanos = new AtomicLong();
    private volatile long firstAfterNanos;
    private volatile long echoes;
    private volatile long dropped;
    private Thread sender;

    GapProbe(long intervalNanos, int payload) {
        this.intervalNanos = intervalNanos;
        this.payload = payload;
    }

    /** The agent's data handler: runs on the agent's loop thread, one echo at a time. */
    void onEcho(ByteBuffer echoed) {
        if (echoed.remaining() != payload) {
            return;
        }
        long now = System.nanoTime();
        long seq = echoed.getLong(echoed.position());
        echoes++;
        // Written before the cut's sequence number is read: a cut that this echo's check misses sees it here.
        lastEchoNanos = now;
        if (seq < watchSeq) {
            lastBeforeNanos.accumulateAndGet(now, Math::max);
        } else if (firstAfterNanos == 0) {
            firstAfterNanos = now;
        }
    }

    void start(Agent agent) {
        this.agent = requireNonNull(agent, "agent");
        sender = Thread.ofPlatform().name("bench-gap-sender").daemon().start(this::send);
    }

    private void send() {
        var buffer = ByteBuffer.allocate(payload);
        long next = System.nanoTime();
        while (running) {
            var cut = pendingCut.getAndSet(null);
            if (cut != null) {
                firstAfterNanos = 0;
                watchSeq = nextSeq;
                // Echoes checked against the previous cut's number before this one was set still came before it.
                lastBeforeNanos.accumulateAndGet(lastEchoNanos, Math::max);
                cut.action().run();
                cut.firstSeqAfter().complete(nextSeq);
            }
            buffer.clear();
            buffer.putLong(0, nextSeq);
            if (!agent.send(buffer)) {
                dropped++;
            }
            nextSeq++;
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Makes {@code action} happen between two datagrams; returns once it has. */
    void cut(Runnable action) throws InterruptedException {
        var cut = new Cut(action, new CompletableFuture<>());
        pendingCut.set(cut);
        try {
            cut.firstSeqAfter().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the probe did not make the cut: " + e);
        }
    }

    /** The first echo of a datagram sent after the last cut, in nanoTime, or 0 while none came. */
    long firstEchoAfterCut() {
        return firstAfterNanos;
    }

    /** The last echo of a datagram sent before the last cut, in nanoTime, or 0 if none. */
    long lastEchoBeforeCut() {
        return lastBeforeNanos.get();
    }

    long echoes() {
        return echoes;
    }

    long dropped() {
        return dropped;
    }

    long sent() {
        return nextSeq;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (sender != null) {
            sender.join(2_000);
        }
    }
}
