package io.jumpingvpn.agent.internal.transport;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.DropReason;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.protocol.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.Optional;

/**
 * One socket to one gateway candidate: a connected UDP socket (one frame per datagram) or a TCP connection (each frame
 * behind a 2-byte big-endian length, docs/protocol.md section 1). Every attachment attempt dials a new one, so a new
 * transport always has a new local port. Everything here runs on the agent's loop; callbacks arrive there too.
 */
public final class Transport {

    /** What a transport reports, on the agent's loop. */
    public interface Listener {

        /** The socket is connected (UDP: bound and connected; TCP: the handshake completed). */
        void onActive(Transport transport);

        void onFrame(Transport transport, Frame frame);

        /** Bytes that are not a frame arrived; counted and dropped. */
        void onMalformed(Transport transport, DropReason reason, String detail);

        /** Dialling failed, the peer is unreachable, or the stream broke; the transport is closed after this. */
        void onFailed(Transport transport, String why);

        /** The socket closed without {@link #close()} being called (reset, FIN, {@link #kill()}). */
        void onClosed(Transport transport);
    }

    private static final int UDP_BUFFER = 1 << 20;

    private final int generation;
    private final int candidateId;
    private final Candidate candidate;
    private final Listener listener;
    private final Channel channel;
    private boolean closedOnPurpose;
    private boolean failed;
    private boolean killed;

    private Transport(
            int generation,
            int candidateId,
            Candidate candidate,
            Listener listener,
            Bootstrap bootstrap,
            EventLoop loop) {
        this.generation = generation;
        this.candidateId = candidateId;
        this.candidate = candidate;
        this.listener = listener;
        var remote = Endpoints.parse(candidate.endpoint());
        ChannelFuture connect = bootstrap.connect(remote);
        this.channel = connect.channel();
        // A UDP connect completes at once, inside this constructor: report it (and anything else) on a later turn of
        // the loop, once the caller holds this transport.
        connect.addListener(future -> loop.execute(() -> {
            if (future.isSuccess()) {
                if (!closedOnPurpose && !failed) {
                    listener.onActive(this);
                }
            } else {
                fail("cannot dial " + candidate + ": " + describe(future.cause()));
            }
        }));
        channel.closeFuture()
                .addListener(future -> loop.execute(() -> {
                    if (!closedOnPurpose && !failed) {
                        failed = true;
                        listener.onClosed(this);
                    }
                }));
    }

    /**
     * Dials {@code candidate}; call on the agent's loop. {@code generation} identifies this transport among all the agent opened (callbacks of
     * an old one are recognised and ignored); {@code candidateId} is the candidate's transport id; the socket binds
     * {@code localAddress} when given.
     */
    public static Transport dial(
            NettyRuntime runtime,
            int generation,
            int candidateId,
            Candidate candidate,
            Optional<InetAddress> localAddress,
            Listener listener,
            int connectTimeoutMs) {
        requireNonNull(runtime, "runtime");
        requireNonNull(candidate, "candidate");
        requireNonNull(localAddress, "localAddress");
        requireNonNull(listener, "listener");
        var bootstrap = new Bootstrap().group(runtime.loop());
        localAddress.ifPresent(address -> bootstrap.localAddress(new InetSocketAddress(address, 0)));
        var holder = new Transport[1];
        if (candidate.kind() == TransportKind.UDP) {
            bootstrap
                    .channel(runtime.datagramChannel())
                    .option(
                            ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(WireFormat.MAX_FRAME_SIZE + 1))
                    .option(ChannelOption.SO_RCVBUF, UDP_BUFFER)
                    .option(ChannelOption.SO_SNDBUF, UDP_BUFFER)
                    .handler(new UdpInbound(holder));
        } else if (candidate.kind() == TransportKind.TCP) {
            bootstrap
                    .channel(runtime.socketChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(new LengthFieldBasedFrameDecoder(
                                            WireFormat.MAX_FRAME_SIZE + WireFormat.TCP_LENGTH_FIELD_LENGTH,
                                            0,
                                            WireFormat.TCP_LENGTH_FIELD_LENGTH,
                                            0,
                                            WireFormat.TCP_LENGTH_FIELD_LENGTH))
                                    .addLast(new LengthFieldPrepender(WireFormat.TCP_LENGTH_FIELD_LENGTH))
                                    .addLast(new TcpInbound(holder));
                        }
                    });
        } else {
            throw new IllegalArgumentException("cannot dial " + candidate + ": only udp and tcp are supported");
        }
        // The handlers reach the transport through the holder: they exist before the constructor returns.
        var transport = new Transport(generation, candidateId, candidate, listener, bootstrap, runtime.loop());
        holder[0] = transport;
        return transport;
    }

    public int generation() {
        return generation;
    }

    public int candidateId() {
        return candidateId;
    }

    public Candidate candidate() {
        return candidate;
    }

    /** The local address of the socket, once bound. */
    public Optional<InetSocketAddress> localAddress() {
        return channel.localAddress() instanceof InetSocketAddress address ? Optional.of(address) : Optional.empty();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** Whether {@link #kill()} closed it. */
    public boolean wasKilled() {
        return killed;
    }

    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** Sends one frame; false (and nothing sent) when the socket is not connected or its buffer is full. */
    public boolean send(byte[] frame) {
        return send(Unpooled.wrappedBuffer(frame));
    }

    /** Sends one frame, taking ownership of {@code frame}; false (and released) when it cannot be sent now. */
    public boolean send(ByteBuf frame) {
        if (!channel.isActive() || !channel.isWritable()) {
            frame.release();
            return false;
        }
        channel.writeAndFlush(frame, channel.voidPromise());
        return true;
    }

    /** Sends one last frame and closes once it is written; {@code whenDone} runs on the loop either way. */
    public void sendAndClose(byte[] frame, Runnable whenDone) {
        closedOnPurpose = true;
        if (!channel.isActive()) {
            channel.close();
            whenDone.run();
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame)).addListener(written -> {
            channel.close();
            whenDone.run();
        });
    }

    /** Closes the socket; no callback follows. */
    public void close() {
        closedOnPurpose = true;
        channel.close();
    }

    /**
     * Closes the socket abruptly, as a network change would (a TCP connection is reset); the listener then hears
     * {@link Listener#onClosed} like for any other loss.
     */
    public void kill() {
        killed = true;
        if (candidate.kind() == TransportKind.TCP && channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        channel.close();
    }

    private void fail(String why) {
        if (closedOnPurpose || failed) {
            return;
        }
        failed = true;
        listener.onFailed(this, why);
        channel.close();
    }

    private void received(ByteBuf bytes) {
        if (closedOnPurpose || failed) {
            return;
        }
        switch (FrameCodec.decode(bytes.nioBuffer())) {
            case DecodeResult.Decoded decoded -> listener.onFrame(this, decoded.frame());
            case DecodeResult.Dropped dropped -> listener.onMalformed(this, dropped.reason(), dropped.detail());
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        var message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    @Override
    public String toString() {
        return "Transport[#" + generation + " " + candidate + " from "
                + localAddress().map(Object::toString).orElse("unbound") + "]";
    }

    private static final class UdpInbound extends SimpleChannelInboundHandler<DatagramPacket> {

        private final Transport[] holder;

        UdpInbound(Transport[] holder) {
            this.holder = holder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            holder[0].received(packet.content());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            holder[0].fail(
                    cause instanceof PortUnreachableException
                            ? holder[0].candidate + " is unreachable (no gateway listens there)"
                            : "udp error on " + holder[0].candidate + ": " + describe(cause));
        }
    }

    private static final class TcpInbound extends SimpleChannelInboundHandler<ByteBuf> {

        private final Transport[] holder;

        TcpInbound(Transport[] holder) {
            this.holder = holder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            holder[0].received(frame);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            holder[0].fail("tcp error on " + holder[0].candidate + ": " + describe(cause));
        }
    }
}
