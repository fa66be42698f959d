package io.jumpingvpn.protocol.crypto;

import io.jumpingvpn.protocol.internal.Labels;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.Signature;
import io.jumpingvpn.protocol.wire.SignedFrame;

/** The three kinds of signatures of the protocol, each behind its own label. */
final class Signing {

    private Signing() {}

    /** An agent request (HANDSHAKE_INIT, REATTACH_REQUEST): over the request's own signed part. */
    static Signature signRequest(IdentityKeyPair agentKey, SignedFrame unsigned) {
        return Signature.of(agentKey.sign(requestMessage(unsigned)));
    }

    static boolean verifyRequest(IdentityKey agentKey, SignedFrame request) {
        return agentKey.verify(requestMessage(request), request.signature().bytes());
    }

    private static byte[] requestMessage(SignedFrame frame) {
        return KeyAgreement.concat(Labels.REQUEST_SIGNATURE, FrameCodec.signedPart(frame));
    }

    /** A gateway reply (ACK, REJECT): over the transcript hash, which covers the request. */
    static Signature signReply(IdentityKeyPair gatewayKey, byte[] transcript) {
        return Signature.of(gatewayKey.sign(KeyAgreement.replySignedMessage(transcript)));
    }

    static boolean verifyReply(IdentityKey gatewayKey, byte[] transcript, Signature signature) {
        return gatewayKey.verify(KeyAgreement.replySignedMessage(transcript), signature.bytes());
    }

    /** A REDIRECT: over its own signed part. */
    static Signature signRedirect(IdentityKeyPair gatewayKey, SignedFrame unsigned) {
        return Signature.of(gatewayKey.sign(redirectMessage(unsigned)));
    }

    static boolean verifyRedirect(IdentityKey gatewayKey, SignedFrame redirect) {
        return gatewayKey.verify(redirectMessage(redirect), redirect.signature().bytes());
    }

    private static byte[] redirectMessage(SignedFrame frame) {
        return KeyAgreement.concat(Labels.REDIRECT_SIGNATURE, FrameCodec.signedPart(frame));
    }

    /** Whether {@code timestampMs} is within {@code maxAgeMs} of {@code nowMs}, either way. */
    static boolean isFresh(long timestampMs, long nowMs, long maxAgeMs) {
        return Math.abs(nowMs - timestampMs) <= maxAgeMs;
    }
}
