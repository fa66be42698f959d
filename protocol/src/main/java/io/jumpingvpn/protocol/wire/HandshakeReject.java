package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;

/**
 * Gateway to agent: the handshake is refused with {@code code} (one that
 * {@linkplain RejectCode#appliesToHandshake() applies to a handshake}). Signed by the gateway cluster key over the
 * transcript, so it is bound to the INIT it answers.
 */
public record HandshakeReject(HandshakeId handshakeId, RejectCode code, Signature signature)
        implements Frame, SignedFrame {

    public HandshakeReject {
        requireNonNull(handshakeId, "handshakeId");
        requireNonNull(code, "code");
        requireNonNull(signature, "signature");
        if (!code.appliesToHandshake()) {
            throw new IllegalArgumentException(code + " cannot answer a handshake");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.HANDSHAKE_REJECT;
    }
}
