package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

/**
 * Gateway to agent: the session exists. Signed by the gateway cluster key over the transcript (the INIT it answers and
 * every field here but the signature).
 *
 * @param version the session's state_version (1 for a new session)
 */
public record HandshakeAck(
        HandshakeId handshakeId,
        String sessionId,
        long version,
        EphemeralKey ephemeral,
        SessionTerms terms,
        Signature signature)
        implements Frame, SignedFrame {

    public HandshakeAck {
        requireNonNull(handshakeId, "handshakeId");
        WireFormat.checkSessionId(sessionId);
        WireFormat.checkVersion(version, "version");
        requireNonNull(ephemeral, "ephemeral");
        requireNonNull(terms, "terms");
        requireNonNull(signature, "signature");
    }

    @Override
    public MessageType type() {
        return MessageType.HANDSHAKE_ACK;
    }
}
