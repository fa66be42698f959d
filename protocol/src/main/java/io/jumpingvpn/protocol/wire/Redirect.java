package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

/**
 * Gateway to agent: reattach session {@code sessionId} at {@code target}. Signed by the gateway cluster key over every
 * other field; the agent checks the session id and the timestamp's freshness, then reattaches (subject to its switch
 * limits) with an ordinary REATTACH_REQUEST. Used for draining a node and for sticky routing.
 */
public record Redirect(String sessionId, RedirectReason reason, long timestampMs, Candidate target, Signature signature)
        implements Frame, SignedFrame {

    public Redirect {
        WireFormat.checkSessionId(sessionId);
        requireNonNull(reason, "reason");
        WireFormat.checkNonNegative(timestampMs, "timestampMs");
        requireNonNull(target, "target");
        requireNonNull(signature, "signature");
    }

    @Override
    public MessageType type() {
        return MessageType.REDIRECT;
    }
}
