package io.jumpingvpn.protocol.wire;

import static io.jumpingvpn.protocol.testing.VectorSessions.HANDSHAKE;
import static io.jumpingvpn.protocol.testing.VectorSessions.REATTACH;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.testing.VectorSessions;
import io.jumpingvpn.protocol.testing.Vectors;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame type against the hex of {@code frames.txt}, which the Python generator encoded from the byte layouts of
 * docs/protocol.md: the record built from the documented field values encodes to the vector, and the vector decodes
 * to that record. Signatures and ciphertexts are taken from the vector here; the crypto and channel tests check them.
 */
class FrameVectorUnitTests {

    private static final Vectors FRAMES = Vectors.load("frames.txt");
    private static final String SESSION = HANDSHAKE.text("session_id");
    private static final HandshakeId HANDSHAKE_ID = HandshakeId.of(HANDSHAKE.hex("handshake_id"));
    private static final Cookie COOKIE = Cookie.of(HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"));
    private static final IdentityKey AGENT = IdentityKey.of(HANDSHAKE.hex("agent_public"));

    static Stream<String> names() {
        return FRAMES.all().keySet().stream();
    }

    @Test
    void everyFrameTypeHasAVector() {
        var expected = expectedFrames();
        assertThat(expected.keySet())
                .containsExactlyInAnyOrderElementsOf(FRAMES.all().keySet());
        assertThat(expected.values().stream().map(Frame::type).distinct())
                .containsExactlyInAnyOrder(MessageType.values());
    }

    @ParameterizedTest
    @MethodSource("names")
    void encodesToTheVectorAndDecodesFromIt(String name) {
        var bytes = FRAMES.block(name).hex("frame");
        var expected = expectedFrames().get(name);

        assertThat(FrameCodec.encode(expected)).as(name).isEqualTo(bytes);
        assertThat(FrameCodec.encodedLength(expected)).isEqualTo(bytes.length);
        assertThat(FrameCodec.decode(bytes)).as(name).isEqualTo(new DecodeResult.Decoded(expected));
    }

    private static Map<String, Frame> expectedFrames() {
        var frames = new LinkedHashMap<String, Frame>();
        long birth = HANDSHAKE.number("timestamp_ms");
        var agentEphemeral = EphemeralKey.of(HANDSHAKE.hex("agent_ephemeral_public"));
        frames.put(
                "handshake_init",
                new HandshakeInit(
                        AGENT, agentEphemeral, birth, HANDSHAKE_ID, Optional.empty(), signature("handshake_init")));
        frames.put(
                "handshake_init_with_cookie",
                new HandshakeInit(
                        AGENT,
                        agentEphemeral,
                        birth,
                        HANDSHAKE_ID,
                        Optional.of(COOKIE),
                        signature("handshake_init_with_cookie")));
        frames.put("cookie_challenge", new CookieChallenge(HANDSHAKE_ID, COOKIE));
        frames.put(
                "handshake_ack",
                new HandshakeAck(
                        HANDSHAKE_ID,
                        SESSION,
                        1,
                        EphemeralKey.of(HANDSHAKE.hex("gateway_ephemeral_public")),
                        VectorSessions.BIRTH_TERMS,
                        signature("handshake_ack")));
        frames.put(
                "handshake_reject",
                new HandshakeReject(HANDSHAKE_ID, RejectCode.RATE_LIMITED, signature("handshake_reject")));
        frames.put(
                "reattach_request",
                new ReattachRequest(
                        SESSION,
                        AGENT,
                        3,
                        7,
                        birth + 60_000,
                        EphemeralKey.of(REATTACH.hex("agent_ephemeral_public")),
                        new Candidate(TransportKind.UDP, "192.0.2.10:4500"),
                        signature("reattach_request")));
        frames.put(
                "reattach_ack",
                new ReattachAck(
                        SESSION,
                        7,
                        5,
                        EphemeralKey.of(REATTACH.hex("gateway_ephemeral_public")),
                        VectorSessions.REATTACH_TERMS,
                        signature("reattach_ack")));
        frames.put(
                "reattach_reject_stale_version",
                new ReattachReject(
                        SESSION,
                        7,
                        RejectCode.STALE_VERSION,
                        OptionalLong.of(4),
                        signature("reattach_reject_stale_version")));
        frames.put(
                "reattach_reject_auth_fail",
                new ReattachReject(
                        SESSION,
                        7,
                        RejectCode.AUTH_FAIL,
                        OptionalLong.empty(),
                        signature("reattach_reject_auth_fail")));
        frames.put(
                "redirect",
                new Redirect(
                        SESSION,
                        RedirectReason.DRAIN,
                        birth + 120_000,
                        new Candidate(TransportKind.TCP, "gw-2.example.net:4500"),
                        signature("redirect")));
        sealed(frames, "data", MessageType.DATA);
        sealed(frames, "heartbeat", MessageType.HEARTBEAT);
        sealed(frames, "state_update_propose", MessageType.STATE_UPDATE);
        sealed(frames, "terminate_agent", MessageType.TERMINATE);
        sealed(frames, "data_reply", MessageType.DATA);
        sealed(frames, "heartbeat_ack", MessageType.HEARTBEAT_ACK);
        sealed(frames, "state_update_commit", MessageType.STATE_UPDATE);
        sealed(frames, "terminate_gateway", MessageType.TERMINATE);
        return frames;
    }

    private static void sealed(Map<String, Frame> frames, String name, MessageType type) {
        var block = FRAMES.block(name);
        var bytes = block.hex("frame");
        var ciphertext = Arrays.copyOfRange(bytes, SealedFrame.headerLength(SESSION), bytes.length);
        frames.put(name, SealedFrame.of(type, SESSION, 1, block.number("counter"), ciphertext));
    }

    private static Signature signature(String name) {
        var bytes = FRAMES.block(name).hex("frame");
        return Signature.of(Arrays.copyOfRange(bytes, bytes.length - Signature.LENGTH, bytes.length));
    }
}
