package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.WireFormat;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The TCP connection pipeline of docs/protocol.md section 1: a 2-byte big-endian length before every frame, at most
 * {@value WireFormat#MAX_FRAME_SIZE} bytes; then the frame handler. Outbound frames get their length prepended.
 */
public final class TcpInitializer extends ChannelInitializer<Channel> {

    /** The length prefix plus the largest frame. */
    static final int MAX_FRAME_WITH_PREFIX = WireFormat.MAX_FRAME_SIZE + WireFormat.TCP_LENGTH_FIELD_LENGTH;

    private final TcpHandler handler;
    private final Duration idleTimeout;

    public TcpInitializer(TcpHandler handler, Duration idleTimeout) {
        this.handler = requireNonNull(handler, "handler");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast(
                        "framing",
                        new LengthFieldBasedFrameDecoder(
                                MAX_FRAME_WITH_PREFIX,
                                0,
                                WireFormat.TCP_LENGTH_FIELD_LENGTH,
                                0,
                                WireFormat.TCP_LENGTH_FIELD_LENGTH))
                .addLast("length", new LengthFieldPrepender(WireFormat.TCP_LENGTH_FIELD_LENGTH))
                .addLast("frames", handler);
    }
}
