package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

/**
 * Gateway to agent, under load: "repeat your HANDSHAKE_INIT {@code handshakeId} with this cookie". Not signed, so that
 * answering a flood costs one MAC; echoing the agent's random handshake id keeps off-path senders from forging it.
 */
public record CookieChallenge(HandshakeId handshakeId, Cookie cookie) implements Frame {

    public CookieChallenge {
        requireNonNull(handshakeId, "handshakeId");
        requireNonNull(cookie, "cookie");
    }

    @Override
    public MessageType type() {
        return MessageType.COOKIE_CHALLENGE;
    }
}
