package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.TransportKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** One TCP connection; the pipeline's {@code LengthFieldPrepender} adds the 2-byte length of each frame. */
public record TcpReturnPath(Channel channel, InetSocketAddress remote) implements ReturnPath {

    public TcpReturnPath {
        requireNonNull(channel, "channel");
        requireNonNull(remote, "remote");
    }

    @Override
    public TransportKind kind() {
        return TransportKind.TCP;
    }

    @Override
    public boolean matches(Channel received, InetSocketAddress sender) {
        return channel == received;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public void send(ByteBuf frame) {
        channel.writeAndFlush(frame, channel.voidPromise());
    }
}
