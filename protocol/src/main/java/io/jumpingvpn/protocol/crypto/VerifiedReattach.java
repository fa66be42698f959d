package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import java.util.Arrays;

/**
 * A REATTACH_REQUEST that passed {@link GatewayCrypto#verifyReattach}: allowlisted key, valid proof-of-possession
 * signature, fresh timestamp, usable ephemeral. The gateway goes on with the store checks of the brief's validation
 * order: session lookup, {@link #agentKeyMatches key matches the record}, nonce, state and policy, atomic commit (with
 * {@link #requestId()}), then {@link GatewayCrypto#acceptReattach} or {@link GatewayCrypto#rejectReattach}. Used once.
 */
public final class VerifiedReattach {

    private final ReattachRequest request;
    private final String requestId;
    private final EphemeralKey gatewayEphemeralPublic;
    private final byte[] shared;
    private boolean used;

    VerifiedReattach(ReattachRequest request, EphemeralKey gatewayEphemeralPublic, byte[] shared) {
        this.request = requireNonNull(request, "request");
        this.requestId = RequestIds.of(request);
        this.gatewayEphemeralPublic = gatewayEphemeralPublic;
        this.shared = shared;
    }

    public ReattachRequest request() {
        return request;
    }

    public String sessionId() {
        return request.sessionId();
    }

    public IdentityKey agentKey() {
        return request.agentKey();
    }

    /** Whether the request's key is {@code storedKey}, the agent key of the session record (constant time). */
    public boolean agentKeyMatches(byte[] storedKey) {
        requireNonNull(storedKey, "storedKey");
        return Bytes.constantTimeEquals(request.agentKey().bytes(), storedKey);
    }

    public long expectedVersion() {
        return request.expectedVersion();
    }

    public long nonce() {
        return request.nonce();
    }

    public Candidate candidate() {
        return request.candidate();
    }

    /** The store request id of this request ({@link RequestIds}): the same at every node. */
    public String requestId() {
        return requestId;
    }

    EphemeralKey gatewayEphemeralPublic() {
        return gatewayEphemeralPublic;
    }

    synchronized byte[] takeShared() {
        if (used) {
            throw new IllegalStateException("this verified request was already accepted; resend the ACK instead");
        }
        used = true;
        var copy = shared.clone();
        Arrays.fill(shared, (byte) 0);
        return copy;
    }

    @Override
    public String toString() {
        return "VerifiedReattach[session=" + request.sessionId() + ", nonce=" + request.nonce() + ", request="
                + requestId + "]";
    }
}
