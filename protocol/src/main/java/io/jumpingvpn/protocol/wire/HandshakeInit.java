package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.keys.IdentityKey;
import java.util.Optional;

/**
 * Agent to gateway: opens a session. Signed by {@code agentKey} over every other field, the cookie included (an agent
 * answering a {@link CookieChallenge} signs again).
 *
 * @param timestampMs the agent's wall clock, milliseconds since the epoch; the gateway checks its freshness
 * @param handshakeId random, fresh for every handshake; the gateway's answers echo it
 */
public record HandshakeInit(
        IdentityKey agentKey,
        EphemeralKey ephemeral,
        long timestampMs,
        HandshakeId handshakeId,
        Optional<Cookie> cookie,
        Signature signature)
        implements Frame, SignedFrame {

    public HandshakeInit {
        requireNonNull(agentKey, "agentKey");
        requireNonNull(ephemeral, "ephemeral");
        requireNonNull(handshakeId, "handshakeId");
        requireNonNull(cookie, "cookie");
        requireNonNull(signature, "signature");
        WireFormat.checkNonNegative(timestampMs, "timestampMs");
    }

    @Override
    public MessageType type() {
        return MessageType.HANDSHAKE_INIT;
    }
}
