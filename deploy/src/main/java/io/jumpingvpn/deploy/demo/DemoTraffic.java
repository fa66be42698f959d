package io.jumpingvpn.deploy.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local UDP application talking through the agent's forward port: it sends a numbered, timestamped datagram every
 * interval and counts the echoes that come back, remembering the last echo received before a mark (the moment the
 * transport was killed) and the first echo of a datagram sent after it. That difference is the traffic gap the demo
 * reports.
 */
final class DemoTraffic implements AutoCloseable {

    private static final long NO_TIME = Long.MIN_VALUE;

    private final DatagramChannel channel;
    private final int payloadBytes;
    private final Duration interval;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastEchoNanos = new AtomicLong(NO_TIME);
    private volatile long markNanos = NO_TIME;
    private volatile long lastBeforeMarkNanos = NO_TIME;
    private volatile long firstAfterMarkNanos = NO_TIME;
    private volatile long receivedAfterMark;
    private volatile boolean running = true;
    private final Thread sender;
    private final Thread receiver;

    DemoTraffic(InetSocketAddress forward, int payloadBytes, Duration interval) throws IOException {
        this.payloadBytes = Math.max(16, payloadBytes);
        this.interval = interval;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.connect(forward);
        channel.socket().setSoTimeout(100);
        this.sender = Thread.ofPlatform().daemon().name("demo-sender").unstarted(this::sendLoop);
        this.receiver = Thread.ofPlatform().daemon().name("demo-receiver").unstarted(this::receiveLoop);
    }

    void start() {
        receiver.start();
        sender.start();
    }

    /** Marks now: echoes are split into before and after this moment. */
    void mark() {
        lastBeforeMarkNanos = lastEchoNanos.get();
        markNanos = System.nanoTime();
    }

    boolean echoedSinceMark() {
        return firstAfterMarkNanos != NO_TIME;
    }

    /** Milliseconds between the last echo before the mark and the first after it; -1 if either is missing. */
    long gapMillis() {
        if (lastBeforeMarkNanos == NO_TIME || firstAfterMarkNanos == NO_TIME) {
            return -1;
        }
        return (firstAfterMarkNanos - lastBeforeMarkNanos) / 1_000_000;
    }

    long sent() {
        return sent.get();
    }

    long received() {
        return received.get();
    }

    long receivedAfterMark() {
        return receivedAfterMark;
    }

    /** Stops sending, waits up to {@code drain} for the echoes still on their way, then stops receiving. */
    void stop(Duration drain) throws InterruptedException {
        running = false;
        sender.join();
        long until = System.nanoTime() + drain.toNanos();
        while (received.get() < sent.get() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        channel.close();
    }

    private void sendLoop() {
        var buffer = ByteBuffer.allocate(payloadBytes);
        long next = System.nanoTime();
        while (running) {
            buffer.clear();
            buffer.putLong(sent.get()).putLong(System.nanoTime());
            buffer.position(payloadBytes).flip();
            try {
                channel.write(buffer);
                sent.incrementAndGet();
            } catch (IOException e) {
                return;
            }
            next += interval.toNanos();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(sleep));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void receiveLoop() {
        var buffer = ByteBuffer.allocate(payloadBytes + 64);
        var socket = channel.socket();
        var packet = new java.net.DatagramPacket(buffer.array(), buffer.capacity());
        while (!channel.socket().isClosed()) {
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                if (!running && received.get() >= sent.get()) {
                    return;
                }
                continue;
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            received.incrementAndGet();
            lastEchoNanos.set(now);
            // Only an echo of a datagram sent after the mark proves the tunnel works again: echoes of earlier
            // datagrams may still have been on their way.
            long sentAt = packet.getLength() >= 16
                    ? ByteBuffer.wrap(packet.getData(), 8, 8).getLong()
                    : NO_TIME;
            if (markNanos != NO_TIME && sentAt >= markNanos) {
                if (firstAfterMarkNanos == NO_TIME) {
                    firstAfterMarkNanos = now;
                }
                receivedAfterMark++;
            }
        }
    }
}
