package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.Signature;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * One reattach attempt of an agent: holds the ephemeral secret and the signed request (the proof of possession). Send
 * {@link #request()} (resend the same bytes on loss: the gateway answers a repeated request id idempotently); hand the
 * gateway's answer to {@link #complete}. Not thread-safe.
 */
public final class PendingReattach {

    private final IdentityKey gatewayKey;
    private final X25519PrivateKeyParameters ephemeral;
    private final ReattachRequest request;
    private boolean completed;

    PendingReattach(
            IdentityKeyPair agentKey,
            IdentityKey gatewayKey,
            X25519PrivateKeyParameters ephemeral,
            String sessionId,
            long expectedVersion,
            long nonce,
            long timestampMs,
            Candidate candidate) {
        this.gatewayKey = gatewayKey;
        this.ephemeral = ephemeral;
        var publicEphemeral = KeyAgreement.publicOf(ephemeral);
        var unsigned = new ReattachRequest(
                sessionId,
                agentKey.publicKey(),
                expectedVersion,
                nonce,
                timestampMs,
                publicEphemeral,
                candidate,
                Signature.UNSIGNED);
        this.request = new ReattachRequest(
                sessionId,
                agentKey.publicKey(),
                expectedVersion,
                nonce,
                timestampMs,
                publicEphemeral,
                candidate,
                Signing.signRequest(agentKey, unsigned));
    }

    public ReattachRequest request() {
        return request;
    }

    /** The store request id of this request ({@link RequestIds}). */
    public String requestId() {
        return RequestIds.of(request);
    }

    /**
     * Checks a REATTACH_ACK against this request: same session and nonce, signed by the pinned gateway key over this
     * request's transcript, a version above the expected one. When valid, derives the new attachment.
     */
    public ReplyOutcome complete(ReattachAck ack) {
        requireNonNull(ack, "ack");
        if (completed) {
            return invalid(ReplyOutcome.ReplyProblem.ALREADY_COMPLETED);
        }
        if (!ack.sessionId().equals(request.sessionId()) || ack.nonce() != request.nonce()) {
            return invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST);
        }
        var transcript = KeyAgreement.transcript(gatewayKey, request, ack);
        if (!Signing.verifyReply(gatewayKey, transcript, ack.signature())) {
            return invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE);
        }
        if (ack.version() <= request.expectedVersion()) {
            return invalid(ReplyOutcome.ReplyProblem.VERSION_NOT_ADVANCED);
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

    /** Checks a REATTACH_REJECT against this request. */
    public ReplyOutcome complete(ReattachReject reject) {
        requireNonNull(reject, "reject");
        if (completed) {
            return invalid(ReplyOutcome.ReplyProblem.ALREADY_COMPLETED);
        }
        if (!reject.sessionId().equals(request.sessionId()) || reject.nonce() != request.nonce()) {
            return invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST);
        }
        var transcript = KeyAgreement.transcript(gatewayKey, request, reject);
        if (!Signing.verifyReply(gatewayKey, transcript, reject.signature())) {
            return invalid(ReplyOutcome.ReplyProblem.BAD_SIGNATURE);
        }
        completed = true;
        return new ReplyOutcome.Rejected(reject.code(), reject.currentVersion());
    }

    private static ReplyOutcome invalid(ReplyOutcome.ReplyProblem problem) {
        return new ReplyOutcome.Invalid(problem);
    }

    @Override
    public String toString() {
        return "PendingReattach[session=" + request.sessionId() + ", nonce=" + request.nonce() + "]";
    }
}
