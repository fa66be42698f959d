package io.jumpingvpn.deploy.bench.rig;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * A raw client's socket to a gateway, speaking frames as the protocol defines them on each transport: one frame per
 * UDP datagram, or 2-byte length-prefixed frames on a TCP connection. Non-blocking underneath, with timed receives
 * for the set-up exchanges (handshakes). Not thread-safe.
 */
public final class RawLink implements AutoCloseable {

    private final TransportKind kind;
    private final SelectableChannel channel;
    private final Candidate candidate;
    private final Selector selector;
    /** TCP only: bytes received and not yet returned as frames. */
    private final ByteBuffer stream;

    private RawLink(TransportKind kind, SelectableChannel channel, Candidate candidate) throws IOException {
        this.kind = kind;
        this.channel = channel;
        this.candidate = candidate;
        this.selector = Selector.open();
        this.stream = kind == TransportKind.TCP ? ByteBuffer.allocate(2 * (2 + WireFormat.MAX_FRAME_SIZE)) : null;
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** A new socket (a new source port, or a new connection) to {@code gateway}. */
    public static RawLink open(TransportKind kind, InetSocketAddress gateway) throws IOException {
        return open(kind, gateway, Optional.empty());
    }

    /**
     * A new socket to {@code gateway} from {@code source} (one of this host's addresses, e.g. one of many loopback
     * addresses, so that a gateway's per-source limits see many hosts).
     */
    public static RawLink open(TransportKind kind, InetSocketAddress gateway, InetAddress source) throws IOException {
        return open(kind, gateway, Optional.of(requireNonNull(source, "source")));
    }

    private static RawLink open(TransportKind kind, InetSocketAddress gateway, Optional<InetAddress> source)
            throws IOException {
        requireNonNull(kind, "kind");
        requireNonNull(gateway, "gateway");
        var candidate = new Candidate(kind, gateway.getHostString() + ":" + gateway.getPort());
        return switch (kind) {
            case UDP -> {
                var udp = DatagramChannel.open();
                try {
                    udp.bind(new InetSocketAddress(source.orElse(gateway.getAddress()), 0));
                    udp.connect(gateway);
                    udp.configureBlocking(false);
                    yield new RawLink(kind, udp, candidate);
                } catch (IOException | RuntimeException e) {
                    udp.close();
                    throw e;
                }
            }
            case TCP -> {
                var tcp = SocketChannel.open();
                try {
                    tcp.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (source.isPresent()) {
                        tcp.bind(new InetSocketAddress(source.get(), 0));
                    }
                    tcp.connect(gateway);
                    tcp.configureBlocking(false);
                    yield new RawLink(kind, tcp, candidate);
                } catch (IOException | RuntimeException e) {
                    tcp.close();
                    throw e;
                }
            }
            case QUIC -> throw new IllegalArgumentException("the gateway serves no QUIC");
        };
    }

    public TransportKind kind() {
        return kind;
    }

    /** What a request made over this link names as its candidate transport: the gateway endpoint it dials. */
    public Candidate candidate() {
        return candidate;
    }

    /** The underlying non-blocking channel (a connected {@link DatagramChannel} for UDP). */
    public SelectableChannel channel() {
        return channel;
    }

    /**
     * Hands the connected, non-blocking channel over to the caller (who closes it from now on) and releases this link's
     * selector. Receives on this link are no longer possible.
     */
    public SelectableChannel detach() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // the channel stays usable; the selector's descriptors are released with the process at worst
        }
        return channel;
    }

    /** Sends one frame (a whole datagram, or prefixed with its length on TCP). */
    public void send(byte[] frame) throws IOException {
        if (kind == TransportKind.UDP) {
            if (((DatagramChannel) channel).write(ByteBuffer.wrap(frame)) != frame.length) {
                throw new IOException("the UDP socket did not take a " + frame.length + "-byte frame");
            }
            return;
        }
        writeFully((SocketChannel) channel, StreamFrames.prefixed(frame));
    }

    private void writeFully(SocketChannel tcp, ByteBuffer out) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.hasRemaining()) {
            if (tcp.write(out) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the TCP connection did not take a frame within 5 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** The next frame, waiting at most {@code timeoutNanos}; empty on timeout. */
    public Optional<byte[]> receive(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            var frame = poll();
            if (frame.isPresent()) {
                return frame;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    /** A frame that can be read now, if any. */
    private Optional<byte[]> poll() throws IOException {
        if (kind == TransportKind.UDP) {
            var in = ByteBuffer.allocate(WireFormat.MAX_FRAME_SIZE + 1);
            if (((DatagramChannel) channel).read(in) <= 0) {
                return Optional.empty();
            }
            in.flip();
            var frame = new byte[in.remaining()];
            in.get(frame);
            return Optional.of(frame);
        }
        int read = ((ByteChannel) channel).read(stream);
        if (read < 0 && stream.position() == 0) {
            throw new IOException("the gateway closed the connection");
        }
        return StreamFrames.next(stream);
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to release beyond the selector's own descriptors, which close() freed or cannot free
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // a socket that fails to close is gone anyway
        }
    }
}
