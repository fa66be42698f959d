package io.jumpingvpn.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Transition;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plaintext bodies of sealed frames. */
class TunnelCodecUnitTests {

    private static final List<TunnelMessage> MESSAGES = List.of(
            Data.of(new byte[0]),
            Data.of(new byte[] {1, 2, 3}),
            new Heartbeat(0, 0, 1),
            new Heartbeat(Long.MAX_VALUE, 42, Long.MAX_VALUE),
            new HeartbeatAck(5, 6, 7),
            new StateUpdate(
                    StateUpdate.Kind.PROPOSE,
                    SessionState.VOLATILE,
                    SessionState.DEGRADED,
                    SessionEvent.VOLATILITY_PERSISTED,
                    3),
            new StateUpdate(
                    StateUpdate.Kind.COMMIT,
                    SessionState.DEGRADED,
                    SessionState.ATTACHED,
                    SessionEvent.QUALITY_RESTORED,
                    9),
            new Terminate(TerminationCode.FATAL_PROTOCOL_ERROR, 1));

    @Test
    void bodiesRoundTrip() {
        for (var message : MESSAGES) {
            assertThat(TunnelCodec.decodeBody(message.type(), body(message))).contains(message);
        }
    }

    @Test
    void wrongLengthsAndValuesAreRefused() {
        var heartbeat = body(new Heartbeat(1, 2, 3));
        assertThat(TunnelCodec.decodeBody(MessageType.HEARTBEAT, Arrays.copyOf(heartbeat, 23)))
                .isEmpty();
        assertThat(TunnelCodec.decodeBody(MessageType.HEARTBEAT, Arrays.copyOf(heartbeat, 25)))
                .isEmpty();
        var zeroVersion = heartbeat.clone();
        ByteBuffer.wrap(zeroVersion).putLong(16, 0);
        assertThat(TunnelCodec.decodeBody(MessageType.HEARTBEAT, zeroVersion)).isEmpty();
        var negativeSequence = heartbeat.clone();
        ByteBuffer.wrap(negativeSequence).putLong(0, -1);
        assertThat(TunnelCodec.decodeBody(MessageType.HEARTBEAT_ACK, negativeSequence))
                .isEmpty();

        var update = body(MESSAGES.get(5));
        assertThat(TunnelCodec.decodeBody(MessageType.STATE_UPDATE, withByte(update, 0, 3)))
                .isEmpty();
        assertThat(TunnelCodec.decodeBody(MessageType.STATE_UPDATE, withByte(update, 1, 7)))
                .isEmpty();
        // VOLATILE --VOLATILITY_PERSISTED--> ATTACHED is not in the table.
        assertThat(TunnelCodec.decodeBody(MessageType.STATE_UPDATE, withByte(update, 2, 2)))
                .isEmpty();
        // TRANSPORT_DEAD is never sent.
        assertThat(TunnelCodec.decodeBody(MessageType.STATE_UPDATE, withByte(update, 3, 3)))
                .isEmpty();
        assertThat(TunnelCodec.decodeBody(MessageType.STATE_UPDATE, withByte(update, 3, 99)))
                .isEmpty();

        var terminate = body(MESSAGES.getLast());
        assertThat(TunnelCodec.decodeBody(MessageType.TERMINATE, withByte(terminate, 0, 0)))
                .isEmpty();
        assertThat(TunnelCodec.decodeBody(MessageType.TERMINATE, withByte(terminate, 0, 8)))
                .isEmpty();

        assertThat(TunnelCodec.decodeBody(MessageType.HANDSHAKE_INIT, new byte[10]))
                .isEqualTo(Optional.empty());
    }

    @Test
    void stateUpdatesCarryOnlyQualityTransitionsOfTheTable() {
        assertThatThrownBy(() -> new StateUpdate(
                        StateUpdate.Kind.COMMIT,
                        SessionState.RECOVERING,
                        SessionState.ATTACHED,
                        SessionEvent.REATTACH_ACCEPTED,
                        4))
                .hasMessageContaining("quality event");
        assertThatThrownBy(() -> new StateUpdate(
                        StateUpdate.Kind.COMMIT,
                        SessionState.ATTACHED,
                        SessionState.DEGRADED,
                        SessionEvent.QUALITY_BELOW_FLOOR,
                        4))
                .hasMessageContaining("no transition");
    }

    @Test
    void stateUpdatesConvertToAndFromLedgerTransitions() {
        var committed =
                Transition.committed(SessionState.ATTACHED, SessionEvent.QUALITY_BELOW_FLOOR, SessionState.VOLATILE, 6);
        var announcement = StateUpdate.commit(committed);
        assertThat(announcement.kind()).isEqualTo(StateUpdate.Kind.COMMIT);
        assertThat(announcement.committedTransition()).isEqualTo(committed);

        var proposal = new Transition(
                SessionState.VOLATILE,
                SessionState.ATTACHED,
                SessionEvent.QUALITY_RESTORED,
                7,
                Transition.Status.PROPOSED);
        var proposed = StateUpdate.propose(proposal, 6);
        assertThat(proposed.version()).isEqualTo(6);
        assertThatThrownBy(proposed::committedTransition).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StateUpdate.commit(proposal)).hasMessageContaining("committed");
    }

    private static byte[] body(TunnelMessage message) {
        var buffer = ByteBuffer.allocate(TunnelCodec.bodyLength(message));
        TunnelCodec.writeBody(message, buffer);
        assertThat(buffer.hasRemaining()).isFalse();
        return buffer.array();
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        var copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }
}
