package io.jumpingvpn.gateway.internal.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ThreadFactory;

/** Native epoll when {@link Epoll#isAvailable()}, NIO otherwise: the event loops and the channel classes to match. */
public record NettyTransport(
        String name,
        IoHandlerFactory ioHandlers,
        Class<? extends DatagramChannel> datagramChannel,
        Class<? extends ServerSocketChannel> serverChannel) {

    public static NettyTransport detect() {
        if (Epoll.isAvailable()) {
            return new NettyTransport(
                    "epoll", EpollIoHandler.newFactory(), EpollDatagramChannel.class, EpollServerSocketChannel.class);
        }
        return new NettyTransport(
                "nio", NioIoHandler.newFactory(), NioDatagramChannel.class, NioServerSocketChannel.class);
    }

    public MultiThreadIoEventLoopGroup newGroup(int threads, String prefix) {
        ThreadFactory factory =
                Thread.ofPlatform().name(prefix + "-", 0).daemon(true).factory();
        return new MultiThreadIoEventLoopGroup(threads, factory, ioHandlers);
    }
}
