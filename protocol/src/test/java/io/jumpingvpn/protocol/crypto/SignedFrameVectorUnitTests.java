package io.jumpingvpn.protocol.crypto;

import static io.jumpingvpn.protocol.testing.VectorSessions.HANDSHAKE;
import static io.jumpingvpn.protocol.testing.VectorSessions.REATTACH;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.testing.FixedRandom;
import io.jumpingvpn.protocol.testing.VectorSessions;
import io.jumpingvpn.protocol.testing.Vectors;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.RedirectReason;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The signatures of the signed frame vectors: made by the gateway and agent code, and accepted by the other side. */
class SignedFrameVectorUnitTests {

    private static final Vectors FRAMES = Vectors.load("frames.txt");

    @Test
    void cookieAnswerIsTheVector() {
        var pending = VectorSessions.birthAgent().startHandshake();
        var challenge = (CookieChallenge) decode("cookie_challenge");
        var answer = pending.answer(challenge);
        assertThat(answer).hasValueSatisfying(init -> assertThat(FrameCodec.encode(init))
                .isEqualTo(FRAMES.block("handshake_init_with_cookie").hex("frame")));
        var verification = VectorSessions.birthGateway().verifyInit(answer.orElseThrow(), VectorSessions.allowlist());
        assertThat(verification).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void handshakeRejectIsTheVectorAndTheAgentTrustsIt() {
        var pending = VectorSessions.birthAgent().startHandshake();
        var reject = VectorSessions.birthGateway().rejectInit(pending.init(), RejectCode.RATE_LIMITED);
        assertThat(FrameCodec.encode(reject))
                .isEqualTo(FRAMES.block("handshake_reject").hex("frame"));
        assertThat(pending.complete((HandshakeReject) decode("handshake_reject")))
                .isEqualTo(new ReplyOutcome.Rejected(RejectCode.RATE_LIMITED, OptionalLong.empty()));
    }

    @Test
    void reattachRejectsAreTheVectorsAndTheAgentTrustsThem() {
        var gateway = VectorSessions.birthGateway();
        var request = startReattach().request();
        assertThat(FrameCodec.encode(gateway.rejectReattach(request, RejectCode.STALE_VERSION, OptionalLong.of(4))))
                .isEqualTo(FRAMES.block("reattach_reject_stale_version").hex("frame"));
        assertThat(FrameCodec.encode(gateway.rejectReattach(request, RejectCode.AUTH_FAIL, OptionalLong.empty())))
                .isEqualTo(FRAMES.block("reattach_reject_auth_fail").hex("frame"));

        assertThat(startReattach().complete((ReattachReject) decode("reattach_reject_stale_version")))
                .isEqualTo(new ReplyOutcome.Rejected(RejectCode.STALE_VERSION, OptionalLong.of(4)));
        assertThat(startReattach().complete((ReattachReject) decode("reattach_reject_auth_fail")))
                .isEqualTo(new ReplyOutcome.Rejected(RejectCode.AUTH_FAIL, OptionalLong.empty()));
    }

    @Test
    void redirectIsTheVectorAndTheAgentTrustsIt() {
        long at = HANDSHAKE.number("timestamp_ms") + 120_000;
        var gateway = new GatewayCrypto(
                VectorSessions.gatewayKey(), VectorSessions.clockAt(at), new FixedRandom(), Duration.ofSeconds(5));
        var redirect = gateway.redirect(
                HANDSHAKE.text("session_id"), RedirectReason.DRAIN, Candidate.parse("tcp://gw-2.example.net:4500"));
        assertThat(FrameCodec.encode(redirect))
                .isEqualTo(FRAMES.block("redirect").hex("frame"));

        var agent = new AgentCrypto(
                VectorSessions.agentKey(),
                VectorSessions.gatewayKey().publicKey(),
                VectorSessions.clockAt(at + 1_000),
                new FixedRandom());
        assertThat(agent.checkRedirect(
                        (Redirect) decode("redirect"), HANDSHAKE.text("session_id"), Duration.ofSeconds(5)))
                .isEqualTo(RedirectCheck.VALID);
    }

    private static PendingReattach startReattach() {
        long timestamp = REATTACH.number("timestamp_ms");
        var agent = new AgentCrypto(
                VectorSessions.agentKey(),
                VectorSessions.gatewayKey().publicKey(),
                VectorSessions.clockAt(timestamp),
                new FixedRandom(REATTACH.hex("agent_ephemeral_secret")));
        return agent.startReattach(
                REATTACH.text("session_id"),
                REATTACH.number("expected_version"),
                REATTACH.number("nonce"),
                Candidate.parse(REATTACH.text("candidate")));
    }

    private static Frame decode(String name) {
        var result = FrameCodec.decode(FRAMES.block(name).hex("frame"));
        assertThat(result).as(name).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).frame();
    }
}
