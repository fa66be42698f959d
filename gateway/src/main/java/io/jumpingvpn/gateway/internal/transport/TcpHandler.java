package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.protocol.wire.DropReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every length-delimited frame of a TCP connection to the sink. Only a framing error (a length prefix above the
 * maximum frame size) closes the connection, as docs/protocol.md says: after it the stream cannot be resynchronised.
 * A malformed frame inside correct framing is the sink's business and never closes anything. A connection that stays
 * silent past the idle limit is closed.
 */
@ChannelHandler.Sharable
public final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(TcpHandler.class);

    private static final InetSocketAddress UNKNOWN_PEER = InetSocketAddress.createUnresolved("unknown", 0);

    private final FrameSink sink;
    private final GatewayMetrics metrics;

    public TcpHandler(FrameSink sink, GatewayMetrics metrics) {
        this.sink = requireNonNull(sink, "sink");
        this.metrics = requireNonNull(metrics, "metrics");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        try {
            sink.onFrame(ctx.channel(), remoteOf(ctx), frame);
        } catch (RuntimeException e) {
            metrics.refused(Refusal.INTERNAL_ERROR);
            log.warn("a TCP frame from {} raised {}", ctx.channel().remoteAddress(), e.toString(), e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            sink.onClosed(ctx.channel());
        } finally {
            super.channelInactive(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle TCP connection {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isFramingError(cause)) {
            metrics.decodeDrop(DropReason.OVERSIZED);
            log.debug("closing TCP connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.close();
            return;
        }
        if (cause instanceof IOException) {
            // Reset by the peer and the like: the connection is gone anyway.
            ctx.close();
            return;
        }
        metrics.refused(Refusal.INTERNAL_ERROR);
        log.warn("TCP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    }

    private static InetSocketAddress remoteOf(ChannelHandlerContext ctx) {
        // A socket channel always has an internet address; anything else (an embedded channel) gets a placeholder.
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet : UNKNOWN_PEER;
    }

    private static boolean isFramingError(Throwable cause) {
        for (var t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLongFrameException) {
                return true;
            }
        }
        return false;
    }
}
