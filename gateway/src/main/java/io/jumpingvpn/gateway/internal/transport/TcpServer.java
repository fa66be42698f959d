package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ListenEndpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

/** Binds one TCP endpoint; accepted connections get the {@link TcpInitializer} pipeline. */
public final class TcpServer {

    private final ListenEndpoint endpoint;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final TcpInitializer initializer;

    public TcpServer(
            ListenEndpoint endpoint, NettyTransport transport, EventLoopGroup group, TcpInitializer initializer) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.transport = requireNonNull(transport, "transport");
        this.group = requireNonNull(group, "group");
        this.initializer = requireNonNull(initializer, "initializer");
    }

    public ChannelFuture bind() {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer)
                .bind(endpoint.socketAddress());
    }
}
