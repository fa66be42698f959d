package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The UDP server pipeline: one handler, one frame per datagram. Frames written back while the channel is reading (an
 * echo, an answer) are flushed once when the read cycle ends, so that a burst of datagrams goes out in one
 * {@code sendmmsg} instead of one system call each; writes at any other time (a UDP egress reply, a lane's answer)
 * are flushed at once.
 */
public final class UdpInitializer extends ChannelInitializer<Channel> {

    private final UdpHandler handler;

    public UdpInitializer(UdpHandler handler) {
        this.handler = requireNonNull(handler, "handler");
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                .addLast(
                        "flushes",
                        new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false))
                .addLast("frames", handler);
    }
}
