package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.keys.IdentityKey;

/**
 * Agent to any gateway node: move session {@code sessionId} to this transport. The proof of possession: signed by
 * {@code agentKey} (which must be the session's key in the store) over every other field.
 *
 * @param expectedVersion the state_version the agent last had confirmed
 * @param nonce per session, strictly increasing over the agent's requests
 * @param timestampMs the agent's wall clock; the gateway checks its freshness
 * @param candidate the transport this request travels over
 */
public record ReattachRequest(
        String sessionId,
        IdentityKey agentKey,
        long expectedVersion,
        long nonce,
        long timestampMs,
        EphemeralKey ephemeral,
        Candidate candidate,
        Signature signature)
        implements Frame, SignedFrame {

    public ReattachRequest {
        WireFormat.checkSessionId(sessionId);
        requireNonNull(agentKey, "agentKey");
        WireFormat.checkVersion(expectedVersion, "expectedVersion");
        WireFormat.checkVersion(nonce, "nonce");
        WireFormat.checkNonNegative(timestampMs, "timestampMs");
        requireNonNull(ephemeral, "ephemeral");
        requireNonNull(candidate, "candidate");
        requireNonNull(signature, "signature");
    }

    @Override
    public MessageType type() {
        return MessageType.REATTACH_REQUEST;
    }
}
