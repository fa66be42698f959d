package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every datagram to the sink as one frame. Nothing a datagram contains can close the server channel: the sink
 * decodes without throwing, and an exception that escapes anyway is counted and swallowed.
 */
@ChannelHandler.Sharable
public final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(UdpHandler.class);

    private final FrameSink sink;
    private final GatewayMetrics metrics;

    public UdpHandler(FrameSink sink, GatewayMetrics metrics) {
        this.sink = requireNonNull(sink, "sink");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        try {
            sink.onFrame(ctx.channel(), packet.sender(), packet.content());
        } catch (RuntimeException e) {
            metrics.refused(Refusal.INTERNAL_ERROR);
            log.warn("a UDP frame from {} raised {}", packet.sender(), e.toString(), e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors (port unreachable from a vanished agent) and the like: a UDP server never closes for them.
        log.debug("UDP server channel {}: {}", ctx.channel(), cause.toString());
    }
}
