package io.jumpingvpn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.testing.MutableClock;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeId;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.Signature;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HandshakeUnitTests {

    private static final SessionTerms TERMS = new SessionTerms(500, 2000, 15000, 28_800_000, 2048);
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(1_767_225_600_000L);
    private final IdentityKeyPair agentKey = IdentityKeyPair.generate(random);
    private final IdentityKeyPair gatewayKey = IdentityKeyPair.generate(random);
    private final AgentAllowlist allowlist = AgentAllowlist.of(agentKey.publicKey());
    private final AgentCrypto agent = new AgentCrypto(agentKey, gatewayKey.publicKey(), clock, random);
    private final GatewayCrypto gateway = new GatewayCrypto(gatewayKey, clock, random, MAX_AGE);

    @Test
    void bothSidesDeriveTheSameKeys() {
        var pending = agent.startHandshake();
        var accepted = gateway.acceptInit(valid(gateway.verifyInit(pending.init(), allowlist)), "sess-1", 1, TERMS);
        var outcome = pending.complete(accepted.reply());

        assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
        var agentSide = ((ReplyOutcome.Established) outcome).attachment();
        var gatewaySide = accepted.attachment();
        assertThat(agentSide.keys().agentToGateway())
                .isEqualTo(gatewaySide.keys().agentToGateway());
        assertThat(agentSide.keys().gatewayToAgent())
                .isEqualTo(gatewaySide.keys().gatewayToAgent());
        assertThat(agentSide.keys().agentToGateway())
                .isNotEqualTo(agentSide.keys().gatewayToAgent());
        assertThat(agentSide.sessionId()).isEqualTo("sess-1");
        assertThat(agentSide.terms()).isEqualTo(TERMS);
        assertThat(agentSide.toString())
                .doesNotContain(agentSide.keys().agentToGateway().toString());
    }

    @Test
    void everyHandshakeIsFresh() {
        var first = agent.startHandshake().init();
        var second = agent.startHandshake().init();
        assertThat(first.ephemeral()).isNotEqualTo(second.ephemeral());
        assertThat(first.handshakeId()).isNotEqualTo(second.handshakeId());
        assertThat(RequestIds.of(first)).isNotEqualTo(RequestIds.of(second)).hasSize(22);
    }

    @Test
    void anAgentOutsideTheAllowlistIsAuthFail() {
        var stranger = new AgentCrypto(IdentityKeyPair.generate(random), gatewayKey.publicKey(), clock, random);
        assertRefused(gateway.verifyInit(stranger.startHandshake().init(), allowlist), RejectCode.AUTH_FAIL);
    }

    @Test
    void aSignatureByAnotherKeyIsAuthFail() {
        var init = agent.startHandshake().init();
        var forged = new HandshakeInit(
                init.agentKey(),
                init.ephemeral(),
                init.timestampMs(),
                init.handshakeId(),
                init.cookie(),
                Signing.signRequest(IdentityKeyPair.generate(random), init));
        assertRefused(gateway.verifyInit(forged, allowlist), RejectCode.AUTH_FAIL);
    }

    @Test
    void timestampsFartherThanTheMaximumAgeEitherWayAreFreshnessInvalid() {
        var init = agent.startHandshake().init();
        long sent = init.timestampMs();
        clock.set(sent + MAX_AGE.toMillis());
        assertThat(gateway.verifyInit(init, allowlist)).isInstanceOf(Verification.Valid.class);
        clock.set(sent + MAX_AGE.toMillis() + 1);
        assertRefused(gateway.verifyInit(init, allowlist), RejectCode.FRESHNESS_INVALID);
        clock.set(sent - MAX_AGE.toMillis());
        assertThat(gateway.verifyInit(init, allowlist)).isInstanceOf(Verification.Valid.class);
        clock.set(sent - MAX_AGE.toMillis() - 1);
        assertRefused(gateway.verifyInit(init, allowlist), RejectCode.FRESHNESS_INVALID);
    }

    @Test
    void aLowOrderEphemeralIsAuthFailEvenWhenSigned() {
        var unsigned = new HandshakeInit(
                agentKey.publicKey(),
                EphemeralKey.of(new byte[32]),
                clock.millis(),
                HandshakeId.of(new byte[16]),
                Optional.empty(),
                Signature.UNSIGNED);
        var signed = new HandshakeInit(
                unsigned.agentKey(),
                unsigned.ephemeral(),
                unsigned.timestampMs(),
                unsigned.handshakeId(),
                unsigned.cookie(),
                Signing.signRequest(agentKey, unsigned));
        assertRefused(gateway.verifyInit(signed, allowlist), RejectCode.AUTH_FAIL);
    }

    @Test
    void everyTamperedInitIsRefused() {
        var init = agent.startHandshake().init();
        var variants = Tampering.everyDecodableBitFlip(init);
        assertThat(variants).hasSizeGreaterThan(1000);
        for (var variant : variants) {
            assertThat(gateway.verifyInit((HandshakeInit) variant, allowlist))
                    .as("tampered %s", variant)
                    .isInstanceOf(Verification.Refused.class);
        }
    }

    @Test
    void everyTamperedAckIsIgnoredAndTheGenuineOneStillCompletes() {
        var pending = agent.startHandshake();
        var ack = gateway.acceptInit(valid(gateway.verifyInit(pending.init(), allowlist)), "sess-1", 1, TERMS)
                .reply();
        for (var variant : Tampering.everyDecodableBitFlip(ack)) {
            assertThat(pending.complete((HandshakeAck) variant))
                    .as("tampered %s", variant)
                    .isInstanceOf(ReplyOutcome.Invalid.class);
        }
        assertThat(pending.complete(ack)).isInstanceOf(ReplyOutcome.Established.class);
        assertThat(pending.complete(ack))
                .isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.ALREADY_COMPLETED));
    }

    @Test
    void everyTamperedRejectIsIgnored() {
        var pending = agent.startHandshake();
        var reject = gateway.rejectInit(pending.init(), RejectCode.STORE_UNAVAILABLE);
        for (var variant : Tampering.everyDecodableBitFlip(reject)) {
            assertThat(pending.complete((HandshakeReject) variant))
                    .as("tampered %s", variant)
                    .isInstanceOf(ReplyOutcome.Invalid.class);
        }
        assertThat(pending.complete(reject))
                .isEqualTo(new ReplyOutcome.Rejected(RejectCode.STORE_UNAVAILABLE, OptionalLong.empty()));
    }

    @Test
    void anAckSignedByAnotherGatewayKeyIsBadSignature() {
        var pending = agent.startHandshake();
        var impostor = new GatewayCrypto(IdentityKeyPair.generate(random), clock, random, MAX_AGE);
        var ack = impostor.acceptInit(valid(impostor.verifyInit(pending.init(), allowlist)), "sess-1", 1, TERMS)
                .reply();
        assertThat(pending.complete(ack)).isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE));
    }

    @Test
    void anAckIsBoundToTheVeryInitItAnswers() {
        var pending = agent.startHandshake();
        var other = agent.startHandshake();
        var ackForOther = gateway.acceptInit(valid(gateway.verifyInit(other.init(), allowlist)), "sess-1", 1, TERMS)
                .reply();
        assertThat(pending.complete(ackForOther))
                .isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST));

        // Same handshake id, another ephemeral: the ids match, the transcript does not.
        var twin = new PendingHandshake(
                agentKey,
                gatewayKey.publicKey(),
                KeyAgreement.newEphemeral(random),
                pending.handshakeId(),
                pending.init().timestampMs());
        var ackForPending = gateway.acceptInit(valid(gateway.verifyInit(pending.init(), allowlist)), "sess-2", 1, TERMS)
                .reply();
        assertThat(twin.complete(ackForPending))
                .isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE));
    }

    @Test
    void aVerifiedInitIsAcceptedOnce() {
        var verified = valid(gateway.verifyInit(agent.startHandshake().init(), allowlist));
        gateway.acceptInit(verified, "sess-1", 1, TERMS);
        assertThatThrownBy(() -> gateway.acceptInit(verified, "sess-1", 1, TERMS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resend the ACK");
    }

    @Test
    void onlyHandshakeCodesCanRejectAHandshake() {
        var init = agent.startHandshake().init();
        assertThatThrownBy(() -> gateway.rejectInit(init, RejectCode.STALE_VERSION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCookieRoundTripKeepsTheHandshakeAndIsSigned() {
        var pending = agent.startHandshake();
        var cookie = Cookie.of(new byte[16]);
        assertThat(pending.answer(new CookieChallenge(HandshakeId.of(new byte[16]), cookie)))
                .isEmpty();
        var answered = pending.answer(new CookieChallenge(pending.handshakeId(), cookie))
                .orElseThrow();
        assertThat(answered.cookie()).contains(cookie);
        assertThat(answered.ephemeral()).isEqualTo(pending.init().ephemeral());
        assertThat(pending.init()).isEqualTo(answered);
        assertThat(gateway.verifyInit(answered, allowlist)).isInstanceOf(Verification.Valid.class);

        var strippedCookie = new HandshakeInit(
                answered.agentKey(),
                answered.ephemeral(),
                answered.timestampMs(),
                answered.handshakeId(),
                Optional.empty(),
                answered.signature());
        assertRefused(gateway.verifyInit(strippedCookie, allowlist), RejectCode.AUTH_FAIL);

        var ack = gateway.acceptInit(valid(gateway.verifyInit(answered, allowlist)), "sess-1", 1, TERMS)
                .reply();
        assertThat(pending.complete(ack)).isInstanceOf(ReplyOutcome.Established.class);
    }

    static <T> T valid(Verification<T> verification) {
        assertThat(verification).isInstanceOf(Verification.Valid.class);
        return ((Verification.Valid<T>) verification).value();
    }

    static void assertRefused(Verification<?> verification, RejectCode code) {
        assertThat(verification)
                .isInstanceOfSatisfying(Verification.Refused.class, refused -> assertThat(refused.code())
                        .as(refused.detail())
                        .isEqualTo(code));
    }
}
