package io.jumpingvpn.gateway.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.audit.Audit;
import io.jumpingvpn.gateway.internal.egress.EchoEgress;
import io.jumpingvpn.gateway.internal.history.NodeHistory;
import io.jumpingvpn.gateway.internal.lease.LeaseKeeper;
import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.gateway.internal.session.SessionService;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.DropReason;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeId;
import io.jumpingvpn.protocol.wire.WireFormat;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UDP and TCP pipelines on an {@link EmbeddedChannel}, in front of the real session service: every class of
 * malformed frame is dropped and counted by its reason and the pipeline stays alive; TCP framing reassembles split
 * frames, counts an empty frame as TRUNCATED, and closes the connection only for a length above the maximum.
 */
class FramePipelineUnitTests {

    private static final InetSocketAddress AGENT = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("127.0.0.1", 7_000);

    @TempDir
    Path temp;

    private MultiThreadIoEventLoopGroup group;
    private InMemorySessionStore store;
    private GatewayMetrics metrics;
    private LeaseKeeper lease;
    private SessionService service;

    @BeforeEach
    void start() throws Exception {
        var dir = temp.resolve("keys");
        KeyDirectory.generate(dir, new SecureRandom(), "agent");
        var config = GatewayConfig.builder()
                .nodeId("gw-pipeline")
                .listen("udp://127.0.0.1:0")
                .keys(KeyDirectory.loadGateway(dir))
                .build();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        store = new InMemorySessionStore();
        var registry = new SimpleMeterRegistry();
        metrics = new GatewayMetrics(registry);
        var history = NodeHistory.disabled();
        lease = new LeaseKeeper(
                store,
                config.nodeId(),
                config.nodeLease(),
                config.leaseSafetyMargin(),
                config.storeTimeout(),
                config.monotonicClock(),
                metrics,
                history);
        lease.register();
        var audit = new Audit(List.of(), 16, registry);
        service = new SessionService(config, store, metrics, audit, history, lease, new EchoEgress(), group);
    }

    @AfterEach
    void stop() {
        service.close(Duration.ofSeconds(1));
        lease.close(Duration.ofSeconds(1));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
        store.close();
    }

    /** One frame of every malformed class, each checked against the protocol's own decoder first. */
    private static Map<DropReason, byte[]> malformed() {
        var valid = FrameCodec.encode(
                new CookieChallenge(HandshakeId.of(new byte[16]), Cookie.of(new byte[Cookie.LENGTH])));
        var frames = new EnumMap<DropReason, byte[]>(DropReason.class);
        frames.put(DropReason.OVERSIZED, new byte[WireFormat.MAX_FRAME_SIZE + 1]);
        frames.put(DropReason.TRUNCATED, Arrays.copyOf(valid, 10));
        frames.put(DropReason.BAD_MAGIC, with(valid, 0, 0x00));
        frames.put(DropReason.BAD_VERSION, with(valid, 1, 0x02));
        frames.put(DropReason.UNKNOWN_TYPE, with(valid, 2, 0x7f));
        // A sealed frame whose session id length is 0.
        frames.put(DropReason.BAD_LENGTH, new byte[] {0x4a, 0x01, 0x10, 0x00, 0, 0, 0, 0});
        frames.put(DropReason.TRAILING_BYTES, Arrays.copyOf(valid, valid.length + 1));
        // A sealed frame at attachment version 0.
        var sealed = ByteBuffer.allocate(3 + 2 + 8 + 8 + 2 + 16)
                .put(new byte[] {0x4a, 0x01, 0x10, 0x01, 'a'})
                .putLong(0)
                .putLong(0)
                .putShort((short) 16)
                .put(new byte[16]);
        frames.put(DropReason.BAD_FIELD, sealed.array());
        for (var entry : frames.entrySet()) {
            var decoded = FrameCodec.decode(entry.getValue());
            assertThat(decoded).isInstanceOf(DecodeResult.Dropped.class);
            assertThat(((DecodeResult.Dropped) decoded).reason()).isEqualTo(entry.getKey());
        }
        return frames;
    }

    private static byte[] with(byte[] frame, int index, int value) {
        var copy = frame.clone();
        copy[index] = (byte) value;
        return copy;
    }

    /** A frame that decodes but belongs to no session here: refused UNKNOWN_SESSION. */
    private static byte[] sealedForNobody() {
        return ByteBuffer.allocate(3 + 2 + 8 + 8 + 2 + 16)
                .put(new byte[] {0x4a, 0x01, 0x10, 0x01, 'a'})
                .putLong(1)
                .putLong(0)
                .putShort((short) 16)
                .put(new byte[16])
                .array();
    }

    @Test
    void everyMalformedDatagramIsDroppedAndCountedAndTheUdpPipelineLives() {
        var channel = new EmbeddedChannel(new UdpInitializer(new UdpHandler(service.frameSink(), metrics)));
        var frames = malformed();
        for (var entry : frames.entrySet()) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(entry.getValue()), GATEWAY, AGENT));
            assertThat(metrics.decodeDrops(entry.getKey()))
                    .as(entry.getKey().name())
                    .isEqualTo(1);
            assertThat(channel.isOpen()).isTrue();
        }
        channel.writeInbound(new DatagramPacket(Unpooled.EMPTY_BUFFER, GATEWAY, AGENT));
        assertThat(metrics.decodeDrops(DropReason.TRUNCATED)).isEqualTo(2);

        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(sealedForNobody()), GATEWAY, AGENT));
        assertThat(metrics.refusals(Refusal.UNKNOWN_SESSION)).isEqualTo(1);
        var gatewayOnly = FrameCodec.encode(
                new CookieChallenge(HandshakeId.of(new byte[16]), Cookie.of(new byte[Cookie.LENGTH])));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(gatewayOnly), GATEWAY, AGENT));
        assertThat(metrics.refusals(Refusal.UNEXPECTED_TYPE)).isEqualTo(1);
        assertThat(metrics.refusals(Refusal.INTERNAL_ERROR)).isZero();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finish()).isFalse();
    }

    private EmbeddedChannel tcp() {
        return new EmbeddedChannel(
                new TcpInitializer(new TcpHandler(service.frameSink(), metrics), Duration.ofMinutes(1)));
    }

    private static ByteBuf prefixed(byte[] frame) {
        var buffer = Unpooled.buffer(2 + frame.length);
        buffer.writeShort(frame.length);
        buffer.writeBytes(frame);
        return buffer;
    }

    @Test
    void everyMalformedFrameInCorrectFramingIsDroppedAndTheConnectionStaysOpen() {
        var channel = tcp();
        for (var entry : malformed().entrySet()) {
            if (entry.getKey() == DropReason.OVERSIZED) {
                continue; // above the maximum, the length prefix itself is a framing error (next test)
            }
            channel.writeInbound(prefixed(entry.getValue()));
            assertThat(metrics.decodeDrops(entry.getKey()))
                    .as(entry.getKey().name())
                    .isEqualTo(1);
            assertThat(channel.isActive()).isTrue();
        }
        channel.writeInbound(prefixed(new byte[0]));
        assertThat(metrics.decodeDrops(DropReason.TRUNCATED)).isEqualTo(2);
        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void framesSplitAcrossReadsOrSharingOneAreReassembled() {
        var channel = tcp();
        var frame = prefixed(sealedForNobody());
        var whole = new byte[frame.readableBytes()];
        frame.readBytes(whole);

        channel.writeInbound(Unpooled.wrappedBuffer(whole, 0, 7));
        assertThat(metrics.refusals(Refusal.UNKNOWN_SESSION)).isZero();
        channel.writeInbound(Unpooled.wrappedBuffer(whole, 7, whole.length - 7));
        assertThat(metrics.refusals(Refusal.UNKNOWN_SESSION)).isEqualTo(1);

        var two = Unpooled.wrappedBuffer(whole, whole);
        channel.writeInbound(two);
        assertThat(metrics.refusals(Refusal.UNKNOWN_SESSION)).isEqualTo(3);
        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void aLengthAboveTheMaximumFrameIsAFramingErrorThatClosesTheConnection() {
        var channel = tcp();
        var buffer = Unpooled.buffer();
        buffer.writeShort(WireFormat.MAX_FRAME_SIZE + 1);
        buffer.writeBytes(new byte[64]);

        channel.writeInbound(buffer);

        assertThat(channel.isActive()).isFalse();
        assertThat(metrics.decodeDrops(DropReason.OVERSIZED)).isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void outboundFramesGetTheirTwoByteLength() {
        var channel = tcp();
        var frame = sealedForNobody();

        channel.writeOutbound(Unpooled.wrappedBuffer(frame));

        var written = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            written.writeBytes(part);
            part.release();
        }
        assertThat(written.readUnsignedShort()).isEqualTo(frame.length);
        var body = new byte[written.readableBytes()];
        written.readBytes(body);
        assertThat(body).isEqualTo(frame);
        channel.finishAndReleaseAll();
    }
}
