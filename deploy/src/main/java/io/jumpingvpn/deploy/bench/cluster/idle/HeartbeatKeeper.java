package io.jumpingvpn.deploy.bench.cluster.idle;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lightweight client that keeps many attached sessions alive and does nothing else: one thread, one selector, one UDP
 * socket per session (the one its handshake used), a sealed HEARTBEAT every heartbeat interval of the session's terms
 * (first ones spread over an interval), HEARTBEAT_ACKs opened and counted. A session the gateway ends (TERMINATE) is
 * counted and no longer kept. Frames are sealed and opened with the protocol's {@link SecureChannel}, as an agent does.
 */
final class HeartbeatKeeper implements AutoCloseable {

    /** One kept session; touched by the keeper's thread only once added. */
    private static final class Kept {
        final DatagramChannel channel;
        final SecureChannel secure;
        final long version;
        final long intervalNanos;
        long next;
        long sequence;
        long lastAckNanos;
        boolean ended;

        Kept(DatagramChannel channel, Attachment attachment) {
            this.channel = channel;
            this.secure = SecureChannel.of(attachment, attachment.terms().replayWindow());
            this.version = attachment.version();
            this.intervalNanos = attachment.terms().heartbeatIntervalMs() * 1_000_000L;
        }
    }

    private final Selector selector;
    private final ConcurrentLinkedQueue<Kept> added = new ConcurrentLinkedQueue<>();
    private final List<Kept> all = new ArrayList<>();
    private final PriorityQueue<Kept> due = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
    private final ByteBuffer out = ByteBuffer.allocateDirect(WireFormat.MAX_FRAME_SIZE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(WireFormat.MAX_FRAME_SIZE + 1);
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong terminated = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long staleAfterNanos = Long.MAX_VALUE;
    private volatile long stale;

    HeartbeatKeeper() throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name("bench-heartbeats").start(this::loop);
    }

    /** Keeps the session attached over {@code channel} (connected, non-blocking) from now on. */
    void add(DatagramChannel channel, Attachment attachment) {
        added.add(new Kept(requireNonNull(channel, "channel"), requireNonNull(attachment, "attachment")));
        selector.wakeup();
    }

    long heartbeats() {
        return heartbeats.get();
    }

    long acks() {
        return acks.get();
    }

    /** Replies that did not open (another attachment, replayed, forged) or were not expected. */
    long refused() {
        return refused.get();
    }

    long terminated() {
        return terminated.get();
    }

    long sendFailures() {
        return sendFailures.get();
    }

    /**
     * Counts, on the keeper's thread, the kept sessions whose last HEARTBEAT_ACK is older than {@code nanos} (or that
     * never got one); {@link #stale()} then returns the count of the last check.
     */
    void checkStale(long nanos) throws InterruptedException {
        stale = -1;
        staleAfterNanos = nanos;
        selector.wakeup();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (stale < 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    long stale() {
        return stale;
    }

    private void loop() {
        try {
            while (running) {
                long now = System.nanoTime();
                for (var kept = added.poll(); kept != null; kept = added.poll()) {
                    kept.channel.register(selector, SelectionKey.OP_READ, kept);
                    kept.next = now + ThreadLocalRandom.current().nextLong(kept.intervalNanos);
                    kept.lastAckNanos = now;
                    all.add(kept);
                    due.add(kept);
                }
                if (staleAfterNanos != Long.MAX_VALUE) {
                    long limit = staleAfterNanos;
                    staleAfterNanos = Long.MAX_VALUE;
                    stale = all.stream()
                            .filter(k -> !k.ended && now - k.lastAckNanos > limit)
                            .count();
                }
                while (!due.isEmpty() && due.peek().next <= now) {
                    var kept = due.poll();
                    if (kept.ended) {
                        continue;
                    }
                    beat(kept);
                    kept.next = Math.max(kept.next + kept.intervalNanos, now);
                    due.add(kept);
                }
                long wait = due.isEmpty() ? 10_000_000L : Math.min(10_000_000L, due.peek().next - System.nanoTime());
                if (wait > 1_000_000L) {
                    selector.select(wait / 1_000_000L);
                } else {
                    selector.selectNow();
                }
                var keys = selector.selectedKeys();
                for (var key : keys) {
                    read((Kept) key.attachment());
                }
                keys.clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                System.err.println("idle load: the heartbeat client stopped: " + e);
            }
        }
    }

    private void beat(Kept kept) {
        out.clear();
        kept.secure.seal(new Heartbeat(kept.sequence++, System.nanoTime() / 1_000, kept.version), out);
        out.flip();
        try {
            kept.channel.write(out);
            heartbeats.incrementAndGet();
        } catch (IOException e) {
            sendFailures.incrementAndGet();
        }
    }

    private void read(Kept kept) {
        while (true) {
            in.clear();
            int read;
            try {
                read = kept.channel.read(in);
            } catch (IOException e) {
                sendFailures.incrementAndGet();
                return;
            }
            if (read <= 0) {
                return;
            }
            in.flip();
            if (!(FrameCodec.decode(in) instanceof DecodeResult.Decoded decoded)
                    || !(decoded.frame() instanceof SealedFrame sealed)
                    || !(kept.secure.open(sealed) instanceof OpenResult.Opened opened)) {
                refused.incrementAndGet();
                continue;
            }
            switch (opened.message()) {
                case HeartbeatAck ack -> {
                    acks.incrementAndGet();
                    kept.lastAckNanos = System.nanoTime();
                }
                case Terminate terminate -> {
                    if (!kept.ended) {
                        kept.ended = true;
                        terminated.incrementAndGet();
                    }
                }
                default -> refused.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var kept : all) {
            try {
                kept.channel.close();
            } catch (IOException ignored) {
                // a socket that fails to close is gone anyway
            }
        }
        for (var kept = added.poll(); kept != null; kept = added.poll()) {
            try {
                kept.channel.close();
            } catch (IOException ignored) {
                // as above
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // the selector's descriptors are released with the process at worst
        }
    }
}
