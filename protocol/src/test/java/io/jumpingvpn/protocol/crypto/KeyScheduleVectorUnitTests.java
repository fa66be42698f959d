package io.jumpingvpn.protocol.crypto;

import static io.jumpingvpn.protocol.testing.VectorSessions.HANDSHAKE;
import static io.jumpingvpn.protocol.testing.VectorSessions.REATTACH;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.testing.FixedRandom;
import io.jumpingvpn.protocol.testing.VectorSessions;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.FrameCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The handshake and a reattach, replayed through the real agent and gateway code with the fixed inputs of
 * {@code key-schedule.txt}, must produce the very bytes, request ids, transcript-bound signatures and traffic keys that
 * the independent Python generator computed.
 */
class KeyScheduleVectorUnitTests {

    @Test
    void birthHandshakeMatchesTheVector() {
        var pending = VectorSessions.birthAgent().startHandshake();
        assertThat(FrameCodec.encode(pending.init())).isEqualTo(HANDSHAKE.hex("init"));
        assertThat(RequestIds.of(pending.init())).isEqualTo(HANDSHAKE.text("request_id"));

        var verification = VectorSessions.birthGateway().verifyInit(pending.init(), VectorSessions.allowlist());
        assertThat(verification).isInstanceOf(Verification.Valid.class);
        var verified = ((Verification.Valid<VerifiedInit>) verification).value();
        assertThat(verified.requestId()).isEqualTo(HANDSHAKE.text("request_id"));

        var accepted = VectorSessions.birthGateway()
                .acceptInit(verified, HANDSHAKE.text("session_id"), 1, VectorSessions.BIRTH_TERMS);
        assertThat(FrameCodec.encode(accepted.reply())).isEqualTo(HANDSHAKE.hex("ack"));
        assertThat(KeyAgreement.transcript(VectorSessions.gatewayKey().publicKey(), pending.init(), accepted.reply()))
                .isEqualTo(HANDSHAKE.hex("transcript_hash"));

        var outcome = pending.complete(accepted.reply());
        assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
        var agentSide = ((ReplyOutcome.Established) outcome).attachment();
        assertKeys(agentSide, HANDSHAKE.hex("key_agent_to_gateway"), HANDSHAKE.hex("key_gateway_to_agent"));
        assertKeys(accepted.attachment(), HANDSHAKE.hex("key_agent_to_gateway"), HANDSHAKE.hex("key_gateway_to_agent"));
        assertThat(agentSide.role()).isEqualTo(Role.AGENT);
        assertThat(accepted.attachment().role()).isEqualTo(Role.GATEWAY);
        assertThat(agentSide.version()).isEqualTo(1);
        assertThat(agentSide.sessionId()).isEqualTo(HANDSHAKE.text("session_id"));
        assertThat(agentSide.terms()).isEqualTo(VectorSessions.BIRTH_TERMS);
    }

    @Test
    void reattachMatchesTheVector() {
        long timestamp = REATTACH.number("timestamp_ms");
        var agent = new AgentCrypto(
                VectorSessions.agentKey(),
                VectorSessions.gatewayKey().publicKey(),
                VectorSessions.clockAt(timestamp),
                new FixedRandom(REATTACH.hex("agent_ephemeral_secret")));
        var pending = agent.startReattach(
                REATTACH.text("session_id"),
                REATTACH.number("expected_version"),
                REATTACH.number("nonce"),
                Candidate.parse(REATTACH.text("candidate")));
        assertThat(FrameCodec.encode(pending.request())).isEqualTo(REATTACH.hex("request"));
        assertThat(pending.requestId()).isEqualTo(REATTACH.text("request_id"));

        // A node that never saw the birth: it has the cluster key and the agent's public key, nothing else.
        var otherNode = new GatewayCrypto(
                VectorSessions.gatewayKey(),
                VectorSessions.clockAt(timestamp),
                new FixedRandom(REATTACH.hex("gateway_ephemeral_secret")),
                Duration.ofSeconds(5));
        var verification = otherNode.verifyReattach(pending.request(), VectorSessions.allowlist());
        assertThat(verification).isInstanceOf(Verification.Valid.class);
        var verified = ((Verification.Valid<VerifiedReattach>) verification).value();
        assertThat(verified.requestId()).isEqualTo(REATTACH.text("request_id"));
        assertThat(verified.agentKeyMatches(
                        VectorSessions.agentKey().publicKey().bytes()))
                .isTrue();

        var accepted =
                otherNode.acceptReattach(verified, REATTACH.number("new_version"), VectorSessions.REATTACH_TERMS);
        assertThat(FrameCodec.encode(accepted.reply())).isEqualTo(REATTACH.hex("ack"));

        var outcome = pending.complete(accepted.reply());
        assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
        var agentSide = ((ReplyOutcome.Established) outcome).attachment();
        assertThat(agentSide.version()).isEqualTo(REATTACH.number("new_version"));
        assertKeys(agentSide, REATTACH.hex("key_agent_to_gateway"), REATTACH.hex("key_gateway_to_agent"));
        assertKeys(accepted.attachment(), REATTACH.hex("key_agent_to_gateway"), REATTACH.hex("key_gateway_to_agent"));
    }

    private static void assertKeys(Attachment attachment, byte[] agentToGateway, byte[] gatewayToAgent) {
        assertThat(attachment.keys().agentToGateway()).isEqualTo(agentToGateway);
        assertThat(attachment.keys().gatewayToAgent()).isEqualTo(gatewayToAgent);
    }
}
