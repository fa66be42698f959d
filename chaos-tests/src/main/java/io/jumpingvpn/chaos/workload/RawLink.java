package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Optional;

/**
 * One UDP socket of the raw client to one node (its relay): a new socket is a new source port, as after a NAT
 * rebinding. Non-blocking, registered with its racer's selector; the racer reads it when the selector says so. Not
 * thread-safe: one racer thread owns it.
 */
final class RawLink implements AutoCloseable {

    private final NodeEndpoint node;
    private final DatagramChannel channel;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(WireFormat.MAX_FRAME_SIZE + 1);

    private RawLink(NodeEndpoint node, DatagramChannel channel, SelectionKey key) {
        this.node = node;
        this.channel = channel;
        this.key = key;
    }

    /** A new socket to {@code node}, registered with {@code selector} with {@code owner} as its attachment. */
    static RawLink open(NodeEndpoint node, Selector selector, Object owner) throws IOException {
        requireNonNull(node, "node");
        var channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(node.address().getAddress(), 0));
            channel.connect(node.address());
            channel.configureBlocking(false);
            var key = channel.register(selector, SelectionKey.OP_READ, owner);
            return new RawLink(node, channel, key);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    NodeEndpoint node() {
        return node;
    }

    /** Hands {@code owner} the frames of this link from now on (the selector's attachment). */
    void owner(Object owner) {
        key.attach(owner);
    }

    /** Sends one frame as one datagram; a socket error is ignored like a lost datagram (the protocol copes). */
    void send(byte[] frame) {
        try {
            channel.write(ByteBuffer.wrap(frame));
        } catch (IOException e) {
            // a refused or unreachable port looks like loss to the protocol, and to this client
        }
    }

    /** The next datagram, if one is waiting. */
    Optional<byte[]> poll() {
        try {
            in.clear();
            if (channel.read(in) <= 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        in.flip();
        var frame = new byte[in.remaining()];
        in.get(frame);
        return Optional.of(frame);
    }

    @Override
    public void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // a socket that fails to close is gone anyway
        }
    }
}
