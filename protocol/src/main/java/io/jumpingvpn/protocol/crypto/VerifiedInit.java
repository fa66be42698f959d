package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.HandshakeId;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import java.util.Arrays;

/**
 * A HANDSHAKE_INIT that passed {@link GatewayCrypto#verifyInit}: allowlisted key, valid signature, fresh timestamp,
 * usable ephemeral. Only the gateway crypto makes these, so a session cannot be accepted from an unchecked INIT. It
 * holds this attempt's X25519 shared secret and is used once, by {@link GatewayCrypto#acceptInit}.
 */
public final class VerifiedInit {

    private final HandshakeInit init;
    private final String requestId;
    private final EphemeralKey gatewayEphemeralPublic;
    private final byte[] shared;
    private boolean used;

    VerifiedInit(HandshakeInit init, EphemeralKey gatewayEphemeralPublic, byte[] shared) {
        this.init = requireNonNull(init, "init");
        this.requestId = RequestIds.of(init);
        this.gatewayEphemeralPublic = gatewayEphemeralPublic;
        this.shared = shared;
    }

    public HandshakeInit init() {
        return init;
    }

    public IdentityKey agentKey() {
        return init.agentKey();
    }

    public HandshakeId handshakeId() {
        return init.handshakeId();
    }

    /** The store request id of this INIT ({@link RequestIds}). */
    public String requestId() {
        return requestId;
    }

    public long timestampMs() {
        return init.timestampMs();
    }

    EphemeralKey gatewayEphemeralPublic() {
        return gatewayEphemeralPublic;
    }

    /** Hands the shared secret to the one accept and forgets it. */
    synchronized byte[] takeShared() {
        if (used) {
            throw new IllegalStateException("this verified INIT was already accepted; resend the ACK instead");
        }
        used = true;
        var copy = shared.clone();
        Arrays.fill(shared, (byte) 0);
        return copy;
    }

    @Override
    public String toString() {
        return "VerifiedInit[agent=" + init.agentKey() + ", request=" + requestId + "]";
    }
}
