package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeId;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.Signature;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * One handshake attempt of an agent: holds the ephemeral secret and the INIT last sent. Send {@link #init()}; on a
 * COOKIE_CHALLENGE send {@link #answer(CookieChallenge)}; hand the gateway's answer to {@link #complete}. Invalid
 * answers are reported and ignored, so the attempt survives forged or stray frames. Not thread-safe.
 */
public final class PendingHandshake {

    private final IdentityKeyPair agentKey;
    private final IdentityKey gatewayKey;
    private final X25519PrivateKeyParameters ephemeral;
    private HandshakeInit init;
    private boolean completed;

    PendingHandshake(
            IdentityKeyPair agentKey,
            IdentityKey gatewayKey,
            X25519PrivateKeyParameters ephemeral,
            HandshakeId handshakeId,
            long timestampMs) {
        this.agentKey = agentKey;
        this.gatewayKey = gatewayKey;
        this.ephemeral = ephemeral;
        this.init = signed(handshakeId, timestampMs, Optional.empty());
    }

    private HandshakeInit signed(HandshakeId handshakeId, long timestampMs, Optional<Cookie> cookie) {
        var publicEphemeral = KeyAgreement.publicOf(ephemeral);
        var unsigned = new HandshakeInit(
                agentKey.publicKey(), publicEphemeral, timestampMs, handshakeId, cookie, Signature.UNSIGNED);
        return new HandshakeInit(
                agentKey.publicKey(),
                publicEphemeral,
                timestampMs,
                handshakeId,
                cookie,
                Signing.signRequest(agentKey, unsigned));
    }

    /** The INIT to send (with the cookie once one was answered). */
    public HandshakeInit init() {
        return init;
    }

    public HandshakeId handshakeId() {
        return init.handshakeId();
    }

    /**
     * The INIT to send again, carrying the challenge's cookie and signed anew; empty when the challenge is for another
     * handshake. The answer keeps the ephemeral key, handshake id and timestamp.
     */
    public Optional<HandshakeInit> answer(CookieChallenge challenge) {
        requireNonNull(challenge, "challenge");
        if (completed || !challenge.handshakeId().equals(init.handshakeId())) {
            return Optional.empty();
        }
        init = signed(init.handshakeId(), init.timestampMs(), Optional.of(challenge.cookie()));
        return Optional.of(init);
    }

    /** Checks a HANDSHAKE_ACK against this attempt and, when valid, derives the attachment. */
    public ReplyOutcome complete(HandshakeAck ack) {
        requireNonNull(ack, "ack");
        if (completed) {
            return invalid(ReplyOutcome.ReplyProblem.ALREADY_COMPLETED);
        }
        if (!ack.handshakeId().equals(init.handshakeId())) {
            return invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST);
        }
        var transcript = KeyAgreement.transcript(gatewayKey, init, ack);
        if (!Signing.verifyReply(gatewayKey, transcript, ack.signature())) {
            return invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE);
        }
        var shared = KeyAgreement.shared(ephemeral, ack.ephemeral());
        if (shared.isEmpty()) {
            return invalid(ReplyOutcome.ReplyProblem.BAD_KEY_AGREEMENT);
        }
        completed = true;
        var keys = KeyAgreement.trafficKeys(shared.get(), transcript);
        return new ReplyOutcome.Established(
                new Attachment(Role.AGENT, ack.sessionId(), ack.version(), ack.terms(), keys));
    }

    /** Checks a HANDSHAKE_REJECT against this attempt. */
    public ReplyOutcome complete(HandshakeReject reject) {
        requireNonNull(reject, "reject");
        if (completed) {
            return invalid(ReplyOutcome.ReplyProblem.ALREADY_COMPLETED);
        }
        if (!reject.handshakeId().equals(init.handshakeId())) {
            return invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST);
        }
        var transcript = KeyAgreement.transcript(gatewayKey, init, reject);
        if (!Signing.verifyReply(gatewayKey, transcript, reject.signature())) {
            return invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE);
        }
        completed = true;
        return new ReplyOutcome.Rejected(reject.code(), OptionalLong.empty());
    }

    private static ReplyOutcome invalid(ReplyOutcome.ReplyProblem problem) {
        return new ReplyOutcome.Invalid(problem);
    }

    @Override
    public String toString() {
        return "PendingHandshake[" + init.handshakeId() + "]";
    }
}
