package io.jumpingvpn.agent.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's local UDP port: datagrams received there go into the tunnel; data coming back goes to the last local
 * sender. Reads run on the agent's loop.
 */
public final class LocalForward {

    /** Receives each local datagram on the agent's loop; {@code payload} is valid only during the call. */
    public interface Receiver {
        void onLocalDatagram(ByteBuf payload, InetSocketAddress sender);
    }

    private final Channel channel;
    private InetSocketAddress lastSender;

    private LocalForward(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds {@code address}, waiting at most {@code timeout}; fails with a one-line message naming the address.
     * Datagrams longer than the largest DATA payload arrive truncated to one byte more, so the receiver can refuse
     * them.
     */
    public static LocalForward bind(
            NettyRuntime runtime, InetSocketAddress address, Receiver receiver, Duration timeout) throws IOException {
        requireNonNull(runtime, "runtime");
        requireNonNull(address, "address");
        requireNonNull(receiver, "receiver");
        var holder = new LocalForward[1];
        var bootstrap = new Bootstrap()
                .group(runtime.loop())
                .channel(runtime.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(WireFormat.MAX_DATA_PAYLOAD + 1))
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        var forward = holder[0];
                        if (forward == null) {
                            return;
                        }
                        forward.lastSender = packet.sender();
                        receiver.onLocalDatagram(packet.content(), packet.sender());
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // A local peer that went away (ICMP port unreachable): nothing to do but keep serving.
                    }
                });
        var resolved =
                address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        var bind = bootstrap.bind(resolved);
        if (!bind.awaitUninterruptibly(timeout.toMillis())) {
            bind.channel().close();
            throw new IOException("local forward " + describe(address) + ": bind timed out");
        }
        if (!bind.isSuccess()) {
            var cause = bind.cause();
            throw new IOException("local forward " + describe(address) + ": cannot bind ("
                    + (cause == null || cause.getMessage() == null ? "unknown error" : cause.getMessage()) + ")");
        }
        var forward = new LocalForward(bind.channel());
        holder[0] = forward;
        return forward;
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The last local sender, which replies go to. */
    public Optional<InetSocketAddress> lastSender() {
        return Optional.ofNullable(lastSender);
    }

    /** Sends {@code payload} to the last local sender; false when there is none yet or the socket is busy. */
    public boolean reply(ByteBuffer payload) {
        var to = lastSender;
        if (to == null || !channel.isActive() || !channel.isWritable()) {
            return false;
        }
        var content = channel.alloc().directBuffer(payload.remaining());
        content.writeBytes(payload.duplicate());
        channel.writeAndFlush(new DatagramPacket(content, to), channel.voidPromise());
        return true;
    }

    public void close() {
        channel.close();
    }
}
