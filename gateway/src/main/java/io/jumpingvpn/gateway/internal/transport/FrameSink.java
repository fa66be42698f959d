package io.jumpingvpn.gateway.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/** Where the servers hand every frame they receive. Implementations must not throw; the handlers guard anyway. */
public interface FrameSink {

    /**
     * One frame (a whole UDP datagram, or one length-delimited TCP frame) from {@code sender}, received on
     * {@code channel} (the UDP server channel, or the TCP connection). {@code frame} is valid only during the call.
     */
    void onFrame(Channel channel, InetSocketAddress sender, ByteBuf frame);

    /** A TCP connection closed: whatever was bound to it has lost its transport. */
    void onClosed(Channel channel);
}
