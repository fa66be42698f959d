package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ListenEndpoint;
import io.jumpingvpn.protocol.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetSocketAddress;

/** Binds one UDP endpoint. */
public final class UdpServer {

    /** One byte more than the largest frame: a longer datagram arrives truncated to this and is dropped OVERSIZED. */
    static final int RECEIVE_BUFFER = WireFormat.MAX_FRAME_SIZE + 1;

    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final ListenEndpoint endpoint;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final UdpInitializer initializer;

    public UdpServer(
            ListenEndpoint endpoint, NettyTransport transport, EventLoopGroup group, UdpInitializer initializer) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.transport = requireNonNull(transport, "transport");
        this.group = requireNonNull(group, "group");
        this.initializer = requireNonNull(initializer, "initializer");
    }

    public ChannelFuture bind() {
        return new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, receiveAllocator())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(initializer)
                .bind(endpoint.socketAddress());
    }

    /**
     * One receive buffer per datagram, one byte more than the largest frame. A datagram always fills less than that, so
     * Netty's default guess that "the buffer was not filled, so nothing more is waiting" would end a read cycle after
     * one datagram. The epoll datagram channel ignores that guess anyway; with NIO it would cost one wake-up and one
     * flush per datagram. Without it a cycle reads until the socket is empty (at most the channel's messages per read,
     * 16 by default), and the answers of the cycle leave in one flush.
     */
    private static FixedRecvByteBufAllocator receiveAllocator() {
        var allocator = new FixedRecvByteBufAllocator(RECEIVE_BUFFER);
        allocator.respectMaybeMoreData(false);
        return allocator;
    }

    /** The endpoint with the port the channel actually bound. */
    public static ListenEndpoint bound(ListenEndpoint endpoint, Channel channel) {
        var local = (InetSocketAddress) channel.localAddress();
        return new ListenEndpoint(endpoint.kind(), endpoint.host(), local.getPort());
    }
}
