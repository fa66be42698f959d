package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.gateway.internal.transport.ReturnPath;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.TunnelCodec;
import io.jumpingvpn.protocol.wire.TunnelMessage;

/** Encodes and seals frames into pooled buffers and sends them over a path, counting what goes out. */
final class Frames {

    private Frames() {}

    static void send(ReturnPath path, Frame frame, GatewayMetrics metrics) {
        int length = FrameCodec.encodedLength(frame);
        var buffer = path.alloc().buffer(length);
        try {
            FrameCodec.encode(frame, buffer.nioBuffer(0, length));
            buffer.writerIndex(length);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        path.send(buffer);
        metrics.sent(length);
    }

    static void send(ReturnPath path, byte[] encoded, GatewayMetrics metrics) {
        var buffer = path.alloc().buffer(encoded.length);
        buffer.writeBytes(encoded);
        path.send(buffer);
        metrics.sent(encoded.length);
    }

    static void seal(ReturnPath path, SecureChannel channel, TunnelMessage message, GatewayMetrics metrics) {
        int length = channel.sealedLength(TunnelCodec.bodyLength(message));
        var buffer = path.alloc().buffer(length);
        try {
            channel.seal(message, buffer.nioBuffer(0, length));
            buffer.writerIndex(length);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        path.send(buffer);
        metrics.sent(length);
    }
}
