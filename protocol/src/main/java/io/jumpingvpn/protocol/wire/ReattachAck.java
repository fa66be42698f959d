package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

/**
 * Gateway to agent: the reattach committed at {@code version}. Signed by the gateway cluster key over the transcript
 * (the request it answers and every field here but the signature).
 *
 * @param nonce the request's nonce, echoed
 */
public record ReattachAck(
        String sessionId, long nonce, long version, EphemeralKey ephemeral, SessionTerms terms, Signature signature)
        implements Frame, SignedFrame {

    public ReattachAck {
        WireFormat.checkSessionId(sessionId);
        WireFormat.checkVersion(nonce, "nonce");
        WireFormat.checkVersion(version, "version");
        requireNonNull(ephemeral, "ephemeral");
        requireNonNull(terms, "terms");
        requireNonNull(signature, "signature");
    }

    @Override
    public MessageType type() {
        return MessageType.REATTACH_ACK;
    }
}
