package io.jumpingvpn.agent.internal.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one event-loop thread of an agent and the channel classes that go with it: native epoll when the platform has it,
 * NIO otherwise. Every channel of the agent (its transports and the local forward) is registered on this one loop, so
 * the session's state needs no locks.
 */
public final class NettyRuntime {

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final boolean nativeEpoll;

    private NettyRuntime(EventLoopGroup group, boolean nativeEpoll) {
        this.group = group;
        this.loop = group.next();
        this.nativeEpoll = nativeEpoll;
    }

    /** Starts a one-thread loop named {@code jvpn-agent-<name>}. */
    public static NettyRuntime start(String name) {
        requireNonNull(name, "name");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        var threads = new DefaultThreadFactory("jvpn-agent-" + name, true);
        return new NettyRuntime(new MultiThreadIoEventLoopGroup(1, threads, io), epoll);
    }

    public EventLoop loop() {
        return loop;
    }

    public boolean isNativeEpoll() {
        return nativeEpoll;
    }

    Class<? extends DatagramChannel> datagramChannel() {
        return nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    Class<? extends SocketChannel> socketChannel() {
        return nativeEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Stops the loop, waiting at most {@code timeout}. Must not be called from the loop itself. */
    public void shutdown(Duration timeout) {
        var done = group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!loop.inEventLoop()) {
            done.awaitUninterruptibly(timeout.toMillis() + 1_000);
        }
    }
}
