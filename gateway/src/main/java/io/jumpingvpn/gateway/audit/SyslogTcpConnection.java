package io.jumpingvpn.gateway.audit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of {@link SyslogAuditSink}: a non-blocking connection and a bounded queue of whole frames, so that a slow
 * or absent collector costs memory up to the bound, never time on the audit writer thread.
 *
 * <p>Frames are written in order; a frame cut by a failed connection is dropped (the next connection starts at a frame
 * boundary, or the collector would misread the octet counts). After a failure the next attempt waits a delay that starts
 * at {@code reconnectMin}, doubles per failed attempt up to {@code reconnectMax}, with up to a fifth of jitter; a
 * successful connection resets it. What the kernel accepted before a connection broke may be lost: plain TCP syslog has
 * no acknowledgements (RFC 6587).
 */
final class SyslogTcpConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyslogTcpConnection.class);

    private final SyslogSettings settings;
    private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
    private final ByteBuffer probe = ByteBuffer.allocate(256);
    private int bufferedBytes;
    private SocketChannel channel;
    private boolean connected;
    private long nextAttemptNanos = System.nanoTime();
    private long delayNanos;
    private boolean outage;

    SyslogTcpConnection(SyslogSettings settings) {
        this.settings = settings;
        this.delayNanos = settings.reconnectMin().toNanos();
    }

    /** Queues one frame and sends what the connection takes now; fails when the frame does not fit the buffer. */
    void send(byte[] frame) throws IOException {
        if (bufferedBytes + frame.length > settings.maxBufferedBytes()) {
            drain();
            if (bufferedBytes + frame.length > settings.maxBufferedBytes()) {
                throw new IOException("syslog " + settings.target() + " buffer full (" + bufferedBytes
                        + " bytes waiting); message dropped");
            }
        }
        frames.add(ByteBuffer.wrap(frame));
        bufferedBytes += frame.length;
        drain();
    }

    int buffered() {
        return bufferedBytes;
    }

    /** Connects if it is time to, then writes whole frames until the socket takes no more. Never blocks. */
    void drain() {
        try {
            if (!ensureConnected()) {
                return;
            }
            if (closedByPeer()) {
                throw new IOException("the collector closed the connection");
            }
            while (!frames.isEmpty()) {
                var head = frames.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    return;
                }
                frames.poll();
                bufferedBytes -= head.capacity();
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private boolean ensureConnected() throws IOException {
        if (connected) {
            return true;
        }
        if (channel == null) {
            if (System.nanoTime() - nextAttemptNanos < 0) {
                return false;
            }
            var target = new InetSocketAddress(settings.host(), settings.port());
            if (target.isUnresolved()) {
                throw new IOException("cannot resolve " + settings.host());
            }
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            if (channel.connect(target)) {
                return connectedNow();
            }
        }
        return channel.finishConnect() && connectedNow();
    }

    private boolean connectedNow() {
        connected = true;
        delayNanos = settings.reconnectMin().toNanos();
        if (outage) {
            outage = false;
            log.info("syslog collector {} reachable again", settings.target());
        }
        return true;
    }

    /** A collector never sends anything; end of stream means it closed its side. */
    private boolean closedByPeer() throws IOException {
        probe.clear();
        return channel.read(probe) < 0;
    }

    private void failed(IOException e) {
        closeChannel();
        var head = frames.peek();
        if (head != null && head.position() > 0) {
            frames.poll();
            bufferedBytes -= head.capacity();
        }
        if (!outage) {
            outage = true;
            log.warn(
                    "syslog collector {} unreachable ({}); keeping up to {} bytes and retrying with back-off",
                    settings.target(),
                    e.getMessage(),
                    settings.maxBufferedBytes());
        }
        long jitter = ThreadLocalRandom.current().nextLong(delayNanos / 5 + 1);
        nextAttemptNanos = System.nanoTime() + delayNanos + jitter;
        delayNanos = Math.min(settings.reconnectMax().toNanos(), delayNanos * 2);
    }

    private void closeChannel() {
        connected = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with a broken channel
            }
            channel = null;
        }
    }

    /** Gives the buffered frames up to a second to leave, then closes. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        drain();
        while (!frames.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            drain();
        }
        closeChannel();
    }
}
