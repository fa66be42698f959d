package io.jumpingvpn.gateway.internal.egress;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.transport.NettyTransport;
import io.jumpingvpn.protocol.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Forwards each session's payloads from a UDP socket of its own, connected to the target, so that the target's replies
 * can be told apart by port and tunnelled back to the right agent. A reply larger than a DATA frame can carry arrives
 * truncated to one byte more than that limit and is dropped by the session.
 */
public final class UdpEgress implements Egress {

    private final InetSocketAddress target;
    private final NettyTransport transport;
    private final EventLoopGroup group;

    public UdpEgress(InetSocketAddress target, NettyTransport transport, EventLoopGroup group) {
        this.target = requireNonNull(target, "target");
        this.transport = requireNonNull(transport, "transport");
        this.group = requireNonNull(group, "group");
    }

    @Override
    public CompletionStage<EgressPort> open(String sessionId, PayloadSink toAgent) {
        requireNonNull(toAgent, "toAgent");
        var opened = new CompletableFuture<EgressPort>();
        new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(WireFormat.MAX_DATA_PAYLOAD + 1))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel channel) {
                        channel.pipeline().addLast(new Replies(toAgent));
                    }
                })
                .connect(target)
                .addListener((ChannelFutureListener) future -> {
                    if (future.isSuccess()) {
                        opened.complete(new Port(future.channel()));
                    } else {
                        opened.completeExceptionally(future.cause());
                    }
                });
        return opened;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "udp egress to " + target;
    }

    private static final class Replies extends SimpleChannelInboundHandler<DatagramPacket> {
        private final PayloadSink toAgent;

        Replies(PayloadSink toAgent) {
            this.toAgent = toAgent;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            var content = packet.content();
            toAgent.deliver(content.nioBuffer(content.readerIndex(), content.readableBytes()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable while the target is down: keep the socket, the target may come back.
        }
    }

    private static final class Port implements EgressPort {
        private final Channel channel;

        Port(Channel channel) {
            this.channel = channel;
        }

        @Override
        public boolean send(ByteBuffer payload) {
            if (!channel.isActive() || !channel.isWritable()) {
                return false;
            }
            // The payload is only valid during this call and the write completes later on the channel's loop.
            var copy = channel.alloc().directBuffer(payload.remaining());
            copy.writeBytes(payload.duplicate());
            channel.writeAndFlush(copy, channel.voidPromise());
            return true;
        }

        @Override
        public void close() {
            channel.close();
        }
    }
}
