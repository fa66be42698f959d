package io.jumpingvpn.deploy.bench.dataplane;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.SealedFrame;
import java.nio.ByteBuffer;

/**
 * One attached session as a raw agent runs it: payloads sealed as DATA frames with the protocol's
 * {@link SecureChannel}; echoed frames decoded, checked (session, attachment, replay window, tag) and opened; a
 * HEARTBEAT every heartbeat interval of the session's terms, so that the gateway keeps the session ATTACHED.
 */
final class TunnelWire implements FlowWire {

    private final SecureChannel channel;
    private final long version;
    private final long heartbeatNanos;
    private long nextHeartbeatNanos;
    private long heartbeats;
    private long invalid;

    TunnelWire(Attachment attachment, long nowNanos) {
        requireNonNull(attachment, "attachment");
        this.channel = SecureChannel.of(attachment, attachment.terms().replayWindow());
        this.version = attachment.version();
        this.heartbeatNanos = attachment.terms().heartbeatIntervalMs() * 1_000_000L;
        this.nextHeartbeatNanos = nowNanos;
    }

    @Override
    public void wrap(ByteBuffer payload, ByteBuffer out) {
        channel.sealData(payload, out);
    }

    @Override
    public ByteBuffer unwrap(ByteBuffer datagram) {
        if (!(FrameCodec.decode(datagram) instanceof DecodeResult.Decoded decoded)
                || !(decoded.frame() instanceof SealedFrame sealed)) {
            invalid++;
            return null;
        }
        return switch (channel.open(sealed)) {
            case OpenResult.Opened opened -> opened.message() instanceof Data data ? data.payload() : null;
            case OpenResult.Rejected rejected -> {
                invalid++;
                yield null;
            }
        };
    }

    @Override
    public boolean keepAlive(long nowNanos, ByteBuffer out) {
        if (nowNanos - nextHeartbeatNanos < 0) {
            return false;
        }
        nextHeartbeatNanos = nowNanos + heartbeatNanos;
        channel.seal(new Heartbeat(heartbeats++, nowNanos / 1_000, version), out);
        return true;
    }

    @Override
    public long invalid() {
        return invalid;
    }
}
