package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The plaintext bodies of sealed frames (docs/protocol.md, "Sealed bodies"). Used by the channel, which encrypts and
 * decrypts them; a body that decrypted correctly but does not decode came from a peer holding the keys, which is a
 * protocol violation rather than noise.
 */
public final class TunnelCodec {

    private TunnelCodec() {}

    public static int bodyLength(TunnelMessage message) {
        requireNonNull(message, "message");
        return switch (message) {
            case Data data -> data.payloadLength();
            case Heartbeat heartbeat -> 24;
            case HeartbeatAck ack -> 24;
            case StateUpdate update -> 12;
            case Terminate terminate -> 9;
        };
    }

    /** Writes the body of {@code message} at {@code out}'s position and advances it. */
    public static void writeBody(TunnelMessage message, ByteBuffer out) {
        requireNonNull(out, "out");
        switch (message) {
            case Data data -> out.put(data.payload());
            case Heartbeat heartbeat ->
                out.putLong(heartbeat.sequence()).putLong(heartbeat.timestamp()).putLong(heartbeat.confirmedVersion());
            case HeartbeatAck ack ->
                out.putLong(ack.sequence()).putLong(ack.timestamp()).putLong(ack.version());
            case StateUpdate update ->
                out.put((byte) update.kind().wireValue())
                        .put((byte) update.from().wireValue())
                        .put((byte) update.to().wireValue())
                        .put((byte) update.event().wireValue())
                        .putLong(update.version());
            case Terminate terminate ->
                out.put((byte) terminate.code().wireValue()).putLong(terminate.version());
        }
    }

    /**
     * Decodes a body of a frame of {@code type}. Takes ownership of {@code body} (a DATA payload keeps the array).
     * Empty when the body is not a valid body of that type.
     */
    public static Optional<TunnelMessage> decodeBody(MessageType type, byte[] body) {
        requireNonNull(type, "type");
        requireNonNull(body, "body");
        var in = ByteBuffer.wrap(body);
        try {
            return switch (type) {
                case DATA -> Optional.of(Data.wrap(body));
                case HEARTBEAT ->
                    exactly(body, 24) ? Optional.of(new Heartbeat(in.getLong(), in.getLong(), in.getLong())) : none();
                case HEARTBEAT_ACK ->
                    exactly(body, 24)
                            ? Optional.of(new HeartbeatAck(in.getLong(), in.getLong(), in.getLong()))
                            : none();
                case STATE_UPDATE -> exactly(body, 12) ? stateUpdate(in) : none();
                case TERMINATE -> exactly(body, 9) ? terminate(in) : none();
                default -> none();
            };
        } catch (IllegalArgumentException invalidField) {
            return none();
        }
    }

    private static boolean exactly(byte[] body, int length) {
        return body.length == length;
    }

    private static Optional<TunnelMessage> none() {
        return Optional.empty();
    }

    private static Optional<TunnelMessage> stateUpdate(ByteBuffer in) {
        var kind = StateUpdate.Kind.fromWire(in.get() & 0xff);
        var from = SessionState.fromWire(in.get() & 0xff);
        var to = SessionState.fromWire(in.get() & 0xff);
        var event = SessionEvent.fromWire(in.get() & 0xff);
        long version = in.getLong();
        if (kind.isEmpty() || from.isEmpty() || to.isEmpty() || event.isEmpty()) {
            return none();
        }
        return Optional.of(new StateUpdate(kind.get(), from.get(), to.get(), event.get(), version));
    }

    private static Optional<TunnelMessage> terminate(ByteBuffer in) {
        var code = TerminationCode.fromWire(in.get() & 0xff);
        long version = in.getLong();
        return code.map(c -> new Terminate(c, version));
    }
}
