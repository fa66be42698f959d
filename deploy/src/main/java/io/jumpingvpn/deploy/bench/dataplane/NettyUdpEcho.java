package io.jumpingvpn.deploy.bench.dataplane;

import io.jumpingvpn.protocol.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the simplest honest Netty UDP echo. One datagram in, the same buffer out to its sender; writes of a
 * read cycle are flushed once when the cycle ends. Native epoll when available, like the gateway, on a group of as
 * many event loops as the gateway has, with the gateway's UDP socket options (4 MiB socket buffers, a receive
 * buffer of one maximum frame plus one byte, read cycles that read until the socket is empty), so that the ratio
 * measures what the protocol costs, not a difference in socket handling.
 */
final class NettyUdpEcho implements AutoCloseable {

    static final String THREAD_PREFIX = "bench-echo-";

    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;

    private NettyUdpEcho(MultiThreadIoEventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    static NettyUdpEcho start(int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends DatagramChannel> channelClass = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        var group = new MultiThreadIoEventLoopGroup(
                threads, Thread.ofPlatform().name(THREAD_PREFIX, 0).daemon(true).factory(), handlers);
        try {
            var channel = new Bootstrap()
                    .group(group)
                    .channel(channelClass)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, receiveAllocator())
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                    .handler(new Echo())
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            return new NettyUdpEcho(group, channel);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The gateway's: a buffer of one frame plus one byte per datagram, and read cycles that drain the socket. */
    private static FixedRecvByteBufAllocator receiveAllocator() {
        var allocator = new FixedRecvByteBufAllocator(WireFormat.MAX_FRAME_SIZE + 1);
        allocator.respectMaybeMoreData(false);
        return allocator;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    String transport() {
        return channel instanceof EpollDatagramChannel ? "epoll" : "nio";
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP errors from a client socket that closed: an echo server never closes for them.
        }
    }
}
