package io.jumpingvpn.protocol.crypto;

import static io.jumpingvpn.protocol.crypto.HandshakeUnitTests.assertRefused;
import static io.jumpingvpn.protocol.crypto.HandshakeUnitTests.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.testing.MutableClock;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.Signature;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReattachUnitTests {

    private static final SessionTerms TERMS = new SessionTerms(500, 2000, 15000, 1_000_000, 2048);
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Candidate CANDIDATE = Candidate.parse("udp://198.51.100.7:4500");

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(1_767_225_600_000L);
    private final IdentityKeyPair agentKey = IdentityKeyPair.generate(random);
    private final IdentityKeyPair clusterKey = IdentityKeyPair.generate(random);
    private final AgentAllowlist allowlist = AgentAllowlist.of(agentKey.publicKey());
    private final AgentCrypto agent = new AgentCrypto(agentKey, clusterKey.publicKey(), clock, random);
    private final GatewayCrypto nodeA = new GatewayCrypto(clusterKey, clock, random, MAX_AGE);
    private final GatewayCrypto nodeB = new GatewayCrypto(clusterKey, clock, random, MAX_AGE);

    @Test
    void anyNodeServesAReattachFromPublicMaterialAlone() {
        var pending = agent.startReattach("sess-1", 3, 1, CANDIDATE);
        var verified = valid(nodeB.verifyReattach(pending.request(), allowlist));
        assertThat(verified.agentKeyMatches(agentKey.publicKey().bytes())).isTrue();
        assertThat(verified.agentKeyMatches(
                        IdentityKeyPair.generate(random).publicKey().bytes()))
                .isFalse();
        assertThat(verified.sessionId()).isEqualTo("sess-1");
        assertThat(verified.expectedVersion()).isEqualTo(3);
        assertThat(verified.nonce()).isEqualTo(1);
        assertThat(verified.candidate()).isEqualTo(CANDIDATE);

        var accepted = nodeB.acceptReattach(verified, 5, TERMS);
        var outcome = pending.complete(accepted.reply());
        assertThat(outcome).isInstanceOf(ReplyOutcome.Established.class);
        var agentSide = ((ReplyOutcome.Established) outcome).attachment();
        assertThat(agentSide.version()).isEqualTo(5);
        assertThat(agentSide.keys().agentToGateway())
                .isEqualTo(accepted.attachment().keys().agentToGateway());
        assertThat(agentSide.keys().gatewayToAgent())
                .isEqualTo(accepted.attachment().keys().gatewayToAgent());
    }

    @Test
    void theRequestIdIsTheSameAtEveryNodeAndDiffersPerRequest() {
        var pending = agent.startReattach("sess-1", 3, 1, CANDIDATE);
        var atA = valid(nodeA.verifyReattach(pending.request(), allowlist)).requestId();
        var atB = valid(nodeB.verifyReattach(pending.request(), allowlist)).requestId();
        assertThat(atA).isEqualTo(atB).isEqualTo(pending.requestId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(agent.startReattach("sess-1", 3, 2, CANDIDATE).requestId()).isNotEqualTo(atA);

        var request = pending.request();
        var withoutSignature = new ReattachRequest(
                request.sessionId(),
                request.agentKey(),
                request.expectedVersion(),
                request.nonce(),
                request.timestampMs(),
                request.ephemeral(),
                request.candidate(),
                Signature.UNSIGNED);
        assertThat(RequestIds.of(withoutSignature)).isEqualTo(atA);
    }

    @Test
    void aProofByAnotherKeyIsAuthFail() {
        var thief = IdentityKeyPair.generate(random);
        var request = agent.startReattach("sess-1", 3, 1, CANDIDATE).request();
        var forged = new ReattachRequest(
                request.sessionId(),
                request.agentKey(),
                request.expectedVersion(),
                request.nonce(),
                request.timestampMs(),
                request.ephemeral(),
                request.candidate(),
                Signing.signRequest(thief, request));
        assertRefused(nodeA.verifyReattach(forged, allowlist), RejectCode.AUTH_FAIL);
        var thiefAgent = new AgentCrypto(thief, clusterKey.publicKey(), clock, random);
        assertRefused(
                nodeA.verifyReattach(
                        thiefAgent.startReattach("sess-1", 3, 1, CANDIDATE).request(), allowlist),
                RejectCode.AUTH_FAIL);
    }

    @Test
    void aRevokedAgentCannotReattach() {
        var request = agent.startReattach("sess-1", 3, 1, CANDIDATE).request();
        assertRefused(nodeA.verifyReattach(request, AgentAllowlist.of()), RejectCode.AUTH_FAIL);
    }

    @Test
    void aStaleProofIsFreshnessInvalid() {
        var request = agent.startReattach("sess-1", 3, 1, CANDIDATE).request();
        clock.advance(MAX_AGE.plusMillis(1));
        assertRefused(nodeA.verifyReattach(request, allowlist), RejectCode.FRESHNESS_INVALID);
    }

    @Test
    void everyTamperedRequestIsRefused() {
        var request = agent.startReattach("sess-1", 3, 1, CANDIDATE).request();
        var variants = Tampering.everyDecodableBitFlip(request);
        assertThat(variants).hasSizeGreaterThan(1000);
        for (var variant : variants) {
            assertThat(nodeA.verifyReattach((ReattachRequest) variant, allowlist))
                    .as("tampered %s", variant)
                    .isInstanceOf(Verification.Refused.class);
        }
    }

    @Test
    void everyTamperedAckIsIgnored() {
        var pending = agent.startReattach("sess-1", 3, 1, CANDIDATE);
        var ack = nodeA.acceptReattach(valid(nodeA.verifyReattach(pending.request(), allowlist)), 5, TERMS)
                .reply();
        for (var variant : Tampering.everyDecodableBitFlip(ack)) {
            assertThat(pending.complete((ReattachAck) variant))
                    .as("tampered %s", variant)
                    .isInstanceOf(ReplyOutcome.Invalid.class);
        }
        assertThat(pending.complete(ack)).isInstanceOf(ReplyOutcome.Established.class);
    }

    @Test
    void everyTamperedRejectIsIgnoredAndTheGenuineOneCarriesTheVersion() {
        var pending = agent.startReattach("sess-1", 3, 1, CANDIDATE);
        var reject = nodeA.rejectReattach(pending.request(), RejectCode.STALE_VERSION, OptionalLong.of(4));
        for (var variant : Tampering.everyDecodableBitFlip(reject)) {
            assertThat(pending.complete((ReattachReject) variant))
                    .as("tampered %s", variant)
                    .isInstanceOf(ReplyOutcome.Invalid.class);
        }
        assertThat(pending.complete(reject))
                .isEqualTo(new ReplyOutcome.Rejected(RejectCode.STALE_VERSION, OptionalLong.of(4)));
    }

    @Test
    void aRejectIsBoundToTheVeryRequestItAnswers() {
        var pending = agent.startReattach("sess-1", 3, 1, CANDIDATE);
        var sameNonceOtherVersion = agent.startReattach("sess-1", 4, 1, CANDIDATE);
        var reject = nodeA.rejectReattach(
                sameNonceOtherVersion.request(), RejectCode.OWNERSHIP_CONFLICT, OptionalLong.of(6));
        assertThat(pending.complete(reject))
                .isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE));
        var otherNonce = agent.startReattach("sess-1", 3, 2, CANDIDATE);
        assertThat(pending.complete(
                        nodeA.rejectReattach(otherNonce.request(), RejectCode.REPLAY_DETECTED, OptionalLong.empty())))
                .isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST));
    }

    @Test
    void anAckMustAdvanceTheVersion() {
        var pending = agent.startReattach("sess-1", 3, 1, CANDIDATE);
        var verified = valid(nodeA.verifyReattach(pending.request(), allowlist));
        assertThatThrownBy(() -> nodeA.acceptReattach(verified, 3, TERMS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("advances the version");

        // A gateway that signed one anyway is not believed.
        var unsigned = new ReattachAck("sess-1", 1, 3, verified.gatewayEphemeralPublic(), TERMS, Signature.UNSIGNED);
        var transcript = KeyAgreement.transcript(clusterKey.publicKey(), pending.request(), unsigned);
        var signed = new ReattachAck(
                "sess-1", 1, 3, verified.gatewayEphemeralPublic(), TERMS, Signing.signReply(clusterKey, transcript));
        assertThat(pending.complete(signed))
                .isEqualTo(new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.VERSION_NOT_ADVANCED));
    }

    @Test
    void redirectsAreCheckedForSessionSignatureAndFreshness() {
        var redirect = nodeA.redirect("sess-1", RedirectReason.DRAIN, Candidate.parse("tcp://gw-2:4500"));
        assertThat(agent.checkRedirect(redirect, "sess-1", MAX_AGE)).isEqualTo(RedirectCheck.VALID);
        assertThat(agent.checkRedirect(redirect, "sess-2", MAX_AGE)).isEqualTo(RedirectCheck.WRONG_SESSION);

        var impostor = new GatewayCrypto(IdentityKeyPair.generate(random), clock, random, MAX_AGE);
        assertThat(agent.checkRedirect(
                        impostor.redirect("sess-1", RedirectReason.DRAIN, Candidate.parse("tcp://evil:4500")),
                        "sess-1",
                        MAX_AGE))
                .isEqualTo(RedirectCheck.BAD_SIGNATURE);
        for (var variant : Tampering.everyDecodableBitFlip(redirect)) {
            assertThat(agent.checkRedirect((Redirect) variant, "sess-1", MAX_AGE))
                    .as("tampered %s", variant)
                    .isNotEqualTo(RedirectCheck.VALID);
        }
        clock.advance(MAX_AGE.plusMillis(1));
        assertThat(agent.checkRedirect(redirect, "sess-1", MAX_AGE)).isEqualTo(RedirectCheck.STALE);
    }
}
