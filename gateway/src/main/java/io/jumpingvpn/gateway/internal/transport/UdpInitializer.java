package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** The UDP server pipeline: one handler, one frame per datagram. */
public final class UdpInitializer extends ChannelInitializer<Channel> {

    private final UdpHandler handler;

    public UdpInitializer(UdpHandler handler) {
        this.handler = requireNonNull(handler, "handler");
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast("frames", handler);
    }
}
