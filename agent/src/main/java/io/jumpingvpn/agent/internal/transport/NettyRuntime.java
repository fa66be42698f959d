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
 *
 * <p>The loop is either the agent's own ({@link #start}: a group of one thread, stopped by {@link #shutdown}) or one
 * loop of a group shared by many agents ({@link #group} then {@link #shareOf}: {@link #shutdown} leaves it running, as
 * its owner stops it).
 */
public final class NettyRuntime {

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final boolean nativeEpoll;
    private final boolean owned;

    private NettyRuntime(EventLoopGroup group, EventLoop loop, boolean nativeEpoll, boolean owned) {
        this.group = group;
        this.loop = loop;
        this.nativeEpoll = nativeEpoll;
        this.owned = owned;
    }

    /** Starts a one-thread loop named {@code jvpn-agent-<name>}, owned by the agent. */
    public static NettyRuntime start(String name) {
        requireNonNull(name, "name");
        var shared = group("jvpn-agent-" + name, 1);
        return new NettyRuntime(shared.group, shared.group.next(), shared.nativeEpoll, true);
    }

    /** A group of {@code threads} loops for many agents, its threads named {@code <threadPrefix>-N}. */
    public static NettyRuntime group(String threadPrefix, int threads) {
        requireNonNull(threadPrefix, "threadPrefix");
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        var factory = new DefaultThreadFactory(threadPrefix, true);
        var group = new MultiThreadIoEventLoopGroup(threads, factory, io);
        return new NettyRuntime(group, group.next(), epoll, true);
    }

    /**
     * One agent's share of the group {@code shared} (made by {@link #group}): the group's next loop, round robin. Its
     * {@link #shutdown} does not stop the group.
     */
    public static NettyRuntime shareOf(NettyRuntime shared) {
        requireNonNull(shared, "shared");
        return new NettyRuntime(shared.group, shared.group.next(), shared.nativeEpoll, false);
    }

    public EventLoop loop() {
        return loop;
    }

    public boolean isNativeEpoll() {
        return nativeEpoll;
    }

    /** Whether this runtime stops its loop on {@link #shutdown} (false for a share of a group). */
    public boolean isOwned() {
        return owned;
    }

    Class<? extends DatagramChannel> datagramChannel() {
        return nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    Class<? extends SocketChannel> socketChannel() {
        return nativeEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Stops the loop (every loop of the group), waiting at most {@code timeout}; nothing for a share of a group. Must
     * not be called from the loop itself.
     */
    public void shutdown(Duration timeout) {
        if (!owned) {
            return;
        }
        var done = group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!onOneOfItsThreads()) {
            done.awaitUninterruptibly(timeout.toMillis() + 1_000);
        }
    }

    private boolean onOneOfItsThreads() {
        for (var executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }
}
