package io.jumpingvpn.gateway.internal.transport;

import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.Binding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;

/**
 * The way back to an agent: for UDP the server channel and the agent's source address, for TCP the connection. A
 * session's frames go back over the path it is bound to, and frames that arrive over any other path are refused.
 */
public sealed interface ReturnPath permits UdpReturnPath, TcpReturnPath {

    TransportKind kind();

    InetSocketAddress remote();

    /** Whether a frame received on {@code channel} from {@code sender} came over this path. */
    boolean matches(Channel channel, InetSocketAddress sender);

    /** Whether the path can still carry frames (a TCP connection closes; a UDP path lasts as long as the server). */
    boolean isOpen();

    /** Whether the outbound buffer has room; a data frame is dropped rather than queued without bound. */
    boolean isWritable();

    ByteBufAllocator alloc();

    /** Sends one frame (ownership of {@code frame} passes to the path). */
    void send(ByteBuf frame);

    /** How the store and the events describe it: {@code udp://host:port}. */
    default Binding binding() {
        return new Binding(kind().scheme(), peer(remote()));
    }

    static ReturnPath of(Channel channel, InetSocketAddress sender) {
        return channel instanceof DatagramChannel
                ? new UdpReturnPath(channel, sender)
                : new TcpReturnPath(channel, sender);
    }

    static String peer(InetSocketAddress address) {
        var host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
