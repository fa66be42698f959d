package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.gateway.internal.transport.FrameSink;
import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * Decodes every frame (never throwing: a malformed one is dropped and counted by its {@code DropReason}) and routes
 * it, on the event loop it arrived on: HANDSHAKE_INIT and REATTACH_REQUEST to their services; a sealed frame to its
 * session, where it must come over the bound path and open under the current attachment. DATA then goes straight to
 * the egress on this thread; the other sealed messages are queued on the session's lane. Frame types only a gateway
 * sends are refused.
 */
final class FrameRouter implements FrameSink {

    private final Context context;
    private final Handshakes handshakes;
    private final Reattaches reattaches;
    private final DataPlane dataPlane;
    private final ControlPlane control;
    private final Detector detector;
    private final Lanes lanes;

    FrameRouter(
            Context context,
            Handshakes handshakes,
            Reattaches reattaches,
            DataPlane dataPlane,
            ControlPlane control,
            Detector detector,
            Lanes lanes) {
        this.context = requireNonNull(context, "context");
        this.handshakes = requireNonNull(handshakes, "handshakes");
        this.reattaches = requireNonNull(reattaches, "reattaches");
        this.dataPlane = requireNonNull(dataPlane, "dataPlane");
        this.control = requireNonNull(control, "control");
        this.detector = requireNonNull(detector, "detector");
        this.lanes = requireNonNull(lanes, "lanes");
    }

    @Override
    public void onFrame(Channel channel, InetSocketAddress sender, ByteBuf frame) {
        int length = frame.readableBytes();
        context.metrics.received(length);
        var decoded = FrameCodec.decode(frame.nioBuffer(frame.readerIndex(), length));
        if (decoded instanceof DecodeResult.Dropped dropped) {
            context.metrics.decodeDrop(dropped.reason());
            return;
        }
        switch (((DecodeResult.Decoded) decoded).frame()) {
            case SealedFrame sealed -> onSealed(sealed, channel, sender);
            case HandshakeInit init -> handshakes.onInit(init, channel, sender);
            case ReattachRequest request -> reattaches.onRequest(request, channel, sender);
            default -> context.metrics.refused(Refusal.UNEXPECTED_TYPE);
        }
    }

    private void onSealed(SealedFrame frame, Channel channel, InetSocketAddress sender) {
        var session = context.table.get(frame.sessionId());
        if (session == null) {
            context.metrics.refused(Refusal.UNKNOWN_SESSION);
            reattaches.onUnknownSession(frame.sessionId(), channel, sender);
            return;
        }
        var link = session.link;
        if (link == null) {
            context.metrics.refused(Refusal.NOT_BOUND);
            return;
        }
        if (!link.path().matches(channel, sender)) {
            context.metrics.refused(Refusal.WRONG_PATH);
            return;
        }
        switch (link.channel().open(frame)) {
            case OpenResult.Rejected rejected -> onRejected(session, link, rejected.failure());
            case OpenResult.Opened opened -> {
                session.lastFrameNanos = context.now();
                if (opened.message() instanceof Data data) {
                    dataPlane.toEgress(session, link, data);
                } else {
                    lanes.submit(session.wireId, lane -> control.onMessage(session, link, opened.message(), lane));
                }
            }
        }
    }

    private void onRejected(LocalSession session, Link link, OpenResult.Failure failure) {
        switch (failure) {
            case WRONG_SESSION, WRONG_ATTACHMENT -> context.metrics.refused(Refusal.WRONG_ATTACHMENT);
            case REPLAYED -> context.metrics.refused(Refusal.REPLAYED);
            case TOO_OLD -> context.metrics.refused(Refusal.TOO_OLD);
            case AUTH_FAILED -> context.metrics.refused(Refusal.AUTH_FAILED);
            case MALFORMED_BODY -> {
                context.metrics.refused(Refusal.MALFORMED_BODY);
                lanes.submit(
                        session.wireId,
                        lane -> session.link == link
                                ? control.protocolViolation(
                                        session, "a sealed body that is not valid for its type", lane)
                                : ControlPlane.done());
            }
        }
    }

    @Override
    public void onClosed(Channel channel) {
        var id = channel.attr(Binder.SESSION).get();
        if (id == null) {
            return;
        }
        var session = context.table.get(id);
        if (session != null) {
            lanes.submit(id, lane -> detector.pathClosed(session, channel));
        }
    }
}
