package io.jumpingvpn.gateway.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.TransportKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** An agent's UDP source address, reached through the server channel the agent wrote to. */
public record UdpReturnPath(Channel channel, InetSocketAddress remote) implements ReturnPath {

    public UdpReturnPath {
        requireNonNull(channel, "channel");
        requireNonNull(remote, "remote");
    }

    @Override
    public TransportKind kind() {
        return TransportKind.UDP;
    }

    @Override
    public boolean matches(Channel received, InetSocketAddress sender) {
        return channel == received && remote.equals(sender);
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
        channel.writeAndFlush(new DatagramPacket(frame, remote), channel.voidPromise());
    }
}
