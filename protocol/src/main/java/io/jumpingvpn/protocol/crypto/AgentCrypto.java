package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.HandshakeId;
import io.jumpingvpn.protocol.wire.Redirect;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The agent's side of every signed exchange: its own key, and the gateway cluster key it pins. Thread-safe; the
 * attempts it starts are not.
 */
public final class AgentCrypto {

    private final IdentityKeyPair agentKey;
    private final IdentityKey gatewayKey;
    private final Clock clock;
    private final SecureRandom random;

    public AgentCrypto(IdentityKeyPair agentKey, IdentityKey gatewayKey, Clock clock, SecureRandom random) {
        this.agentKey = requireNonNull(agentKey, "agentKey");
        this.gatewayKey = requireNonNull(gatewayKey, "gatewayKey");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
    }

    public IdentityKey publicKey() {
        return agentKey.publicKey();
    }

    public IdentityKey gatewayKey() {
        return gatewayKey;
    }

    /** Starts a handshake: a fresh ephemeral key, a fresh random handshake id, the current time, signed. */
    public PendingHandshake startHandshake() {
        var ephemeral = KeyAgreement.newEphemeral(random);
        var id = new byte[HandshakeId.LENGTH];
        random.nextBytes(id);
        return new PendingHandshake(agentKey, gatewayKey, ephemeral, HandshakeId.of(id), clock.millis());
    }

    /**
     * Starts a reattach of {@code sessionId}: the proof of possession over the expected version (the confirmed version
     * of the agent's {@code SessionLedger}), {@code nonce} (strictly above every nonce sent for this session before),
     * the current time, a fresh ephemeral key and the candidate transport.
     */
    public PendingReattach startReattach(String sessionId, long expectedVersion, long nonce, Candidate candidate) {
        requireNonNull(candidate, "candidate");
        var ephemeral = KeyAgreement.newEphemeral(random);
        return new PendingReattach(
                agentKey, gatewayKey, ephemeral, sessionId, expectedVersion, nonce, clock.millis(), candidate);
    }

    /**
     * Checks a REDIRECT for session {@code sessionId}: signed by the pinned gateway key, and timestamped within
     * {@code maxAge} of this agent's clock ({@code REATTACH_PROOF_MAX_AGE_MS}).
     */
    public RedirectCheck checkRedirect(Redirect redirect, String sessionId, Duration maxAge) {
        requireNonNull(redirect, "redirect");
        requireNonNull(sessionId, "sessionId");
        requireNonNull(maxAge, "maxAge");
        if (!redirect.sessionId().equals(sessionId)) {
            return RedirectCheck.WRONG_SESSION;
        }
        if (!Signing.verifyRedirect(gatewayKey, redirect)) {
            return RedirectCheck.BAD_SIGNATURE;
        }
        if (!Signing.isFresh(redirect.timestampMs(), clock.millis(), maxAge.toMillis())) {
            return RedirectCheck.STALE;
        }
        return RedirectCheck.VALID;
    }

    @Override
    public String toString() {
        return "AgentCrypto[agent=" + agentKey.publicKey() + ", gateway=" + gatewayKey + "]";
    }
}
