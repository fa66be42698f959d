package io.jumpingvpn.protocol.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.testing.VectorSessions;
import io.jumpingvpn.protocol.testing.Vectors;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.TunnelCodec;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/**
 * The sealed frames of {@code frames.txt}, sealed by the Python generator under the vector handshake's traffic keys:
 * the channels of that handshake seal the same messages to the same bytes, counter by counter, and open the vectors to
 * the same messages.
 */
class SealedFrameVectorUnitTests {

    private static final Vectors FRAMES = Vectors.load("frames.txt");

    @Test
    void agentSealsAndGatewayOpensTheVectors() {
        var attachments = VectorSessions.birth();
        var agent = SecureChannel.of(attachments[0], 2048);
        var gateway = SecureChannel.of(attachments[1], 2048);
        var messages = new LinkedHashMap<String, TunnelMessage>();
        messages.put("data", Data.of("hello, tunnel".getBytes(StandardCharsets.US_ASCII)));
        messages.put("heartbeat", new Heartbeat(0, 123_456_789, 1));
        messages.put(
                "state_update_propose",
                new StateUpdate(
                        StateUpdate.Kind.PROPOSE,
                        SessionState.ATTACHED,
                        SessionState.VOLATILE,
                        SessionEvent.QUALITY_BELOW_FLOOR,
                        1));
        messages.put("terminate_agent", new Terminate(TerminationCode.OPERATOR_TERMINATE, 2));
        check(agent, gateway, messages);
    }

    @Test
    void gatewaySealsAndAgentOpensTheVectors() {
        var attachments = VectorSessions.birth();
        var agent = SecureChannel.of(attachments[0], 2048);
        var gateway = SecureChannel.of(attachments[1], 2048);
        var messages = new LinkedHashMap<String, TunnelMessage>();
        messages.put("data_reply", Data.of("hello, agent".getBytes(StandardCharsets.US_ASCII)));
        messages.put("heartbeat_ack", new HeartbeatAck(0, 123_456_789, 1));
        messages.put(
                "state_update_commit",
                new StateUpdate(
                        StateUpdate.Kind.COMMIT,
                        SessionState.ATTACHED,
                        SessionState.VOLATILE,
                        SessionEvent.QUALITY_BELOW_FLOOR,
                        2));
        messages.put("terminate_gateway", new Terminate(TerminationCode.SESSION_TTL_EXPIRED, 2));
        check(gateway, agent, messages);
    }

    private static void check(
            SecureChannel sender, SecureChannel receiver, LinkedHashMap<String, TunnelMessage> messages) {
        messages.forEach((name, message) -> {
            var vector = FRAMES.block(name);
            var body = ByteBuffer.allocate(TunnelCodec.bodyLength(message));
            TunnelCodec.writeBody(message, body);
            assertThat(body.array()).as(name + " body").isEqualTo(vector.hex("body"));

            assertThat(sender.seal(message)).as(name).isEqualTo(vector.hex("frame"));

            var decoded = FrameCodec.decode(vector.hex("frame"));
            var frame = (SealedFrame) ((DecodeResult.Decoded) decoded).frame();
            assertThat(frame.counter()).isEqualTo(vector.number("counter"));
            assertThat(receiver.open(frame)).as(name).isEqualTo(new OpenResult.Opened(message, frame.counter()));
        });
    }
}
