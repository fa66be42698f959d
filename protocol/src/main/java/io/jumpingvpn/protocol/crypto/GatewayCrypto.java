package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.Signature;
import io.jumpingvpn.protocol.wire.SignedFrame;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The gateway's side of every signed exchange, under the gateway cluster key. One per node; thread-safe.
 *
 * <p>A handshake: {@link #verifyInit} (allowlist, signature, freshness, ephemeral), then the store create with
 * {@link VerifiedInit#requestId()}, then {@link #acceptInit} (the signed HANDSHAKE_ACK and the gateway's
 * {@link Attachment}) or {@link #rejectInit}. A reattach: {@link #verifyReattach}, then the store checks and commit,
 * then {@link #acceptReattach} or {@link #rejectReattach}. Both need only public material about the agent, so any
 * node can serve them. Every reply is signed over the transcript, which binds it to the request it answers.
 */
public final class GatewayCrypto {

    private final IdentityKeyPair gatewayKey;
    private final Clock clock;
    private final SecureRandom random;
    private final long maxAgeMs;

    /**
     * @param maxAge how far a request's timestamp may be from this node's clock, either way
     *     ({@code REATTACH_PROOF_MAX_AGE_MS})
     */
    public GatewayCrypto(IdentityKeyPair gatewayKey, Clock clock, SecureRandom random, Duration maxAge) {
        this.gatewayKey = requireNonNull(gatewayKey, "gatewayKey");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        this.maxAgeMs = requireNonNull(maxAge, "maxAge").toMillis();
        if (maxAgeMs < 1) {
            throw new IllegalArgumentException("maxAge must be at least 1 ms, got " + maxAge);
        }
    }

    public IdentityKey publicKey() {
        return gatewayKey.publicKey();
    }

    /**
     * Checks a HANDSHAKE_INIT, cheapest first: the agent key is in {@code allowlist} ({@code AUTH_FAIL}), the
     * signature verifies ({@code AUTH_FAIL}), the timestamp is fresh ({@code FRESHNESS_INVALID}), the ephemeral key is
     * usable ({@code AUTH_FAIL}). The cookie is the caller's business ({@link CookieJar}), checked before this.
     */
    public Verification<VerifiedInit> verifyInit(HandshakeInit init, AgentAllowlist allowlist) {
        requireNonNull(init, "init");
        requireNonNull(allowlist, "allowlist");
        if (!allowlist.contains(init.agentKey())) {
            return refused(RejectCode.AUTH_FAIL, "agent key " + init.agentKey() + " is not in the allowlist");
        }
        if (!Signing.verifyRequest(init.agentKey(), init)) {
            return refused(RejectCode.AUTH_FAIL, "HANDSHAKE_INIT signature does not verify");
        }
        long now = clock.millis();
        if (!Signing.isFresh(init.timestampMs(), now, maxAgeMs)) {
            return refused(RejectCode.FRESHNESS_INVALID, staleDetail(init.timestampMs(), now));
        }
        return agree(init.ephemeral(), (ephemeral, shared) -> new VerifiedInit(init, ephemeral, shared));
    }

    /**
     * Answers a verified INIT for which the store created session {@code sessionId} at {@code version}: the signed
     * HANDSHAKE_ACK and the gateway's attachment. Once per verified INIT.
     */
    public Accepted<HandshakeAck> acceptInit(VerifiedInit init, String sessionId, long version, SessionTerms terms) {
        requireNonNull(init, "init");
        var unsigned = new HandshakeAck(
                init.handshakeId(), sessionId, version, init.gatewayEphemeralPublic(), terms, Signature.UNSIGNED);
        return accept(
                init.init(),
                unsigned,
                init.takeShared(),
                signature -> new HandshakeAck(
                        init.handshakeId(), sessionId, version, init.gatewayEphemeralPublic(), terms, signature),
                sessionId,
                version,
                terms);
    }

    /** A signed refusal of {@code init}, verified or not, with a code that applies to a handshake. */
    public HandshakeReject rejectInit(HandshakeInit init, RejectCode code) {
        requireNonNull(init, "init");
        var unsigned = new HandshakeReject(init.handshakeId(), code, Signature.UNSIGNED);
        var signature = Signing.signReply(gatewayKey, KeyAgreement.transcript(publicKey(), init, unsigned));
        return new HandshakeReject(init.handshakeId(), code, signature);
    }

    /**
     * Checks a REATTACH_REQUEST's proof of possession, cheapest first: the agent key is in {@code allowlist}
     * ({@code AUTH_FAIL}: a revoked agent cannot keep its sessions), the signature verifies ({@code AUTH_FAIL}), the
     * timestamp is fresh ({@code FRESHNESS_INVALID}), the ephemeral key is usable ({@code AUTH_FAIL}). The store checks
     * come after, in the brief's order.
     */
    public Verification<VerifiedReattach> verifyReattach(ReattachRequest request, AgentAllowlist allowlist) {
        requireNonNull(request, "request");
        requireNonNull(allowlist, "allowlist");
        if (!allowlist.contains(request.agentKey())) {
            return refused(RejectCode.AUTH_FAIL, "agent key " + request.agentKey() + " is not in the allowlist");
        }
        if (!Signing.verifyRequest(request.agentKey(), request)) {
            return refused(RejectCode.AUTH_FAIL, "REATTACH_REQUEST signature does not verify");
        }
        long now = clock.millis();
        if (!Signing.isFresh(request.timestampMs(), now, maxAgeMs)) {
            return refused(RejectCode.FRESHNESS_INVALID, staleDetail(request.timestampMs(), now));
        }
        return agree(request.ephemeral(), (ephemeral, shared) -> new VerifiedReattach(request, ephemeral, shared));
    }

    /**
     * Answers a verified request whose reattach the store committed at {@code newVersion} (above the version the
     * request expected): the signed REATTACH_ACK and the gateway's attachment. Once per verified request.
     */
    public Accepted<ReattachAck> acceptReattach(VerifiedReattach request, long newVersion, SessionTerms terms) {
        requireNonNull(request, "request");
        if (newVersion <= request.expectedVersion()) {
            throw new IllegalArgumentException("a committed reattach advances the version: " + newVersion
                    + " is not above the expected " + request.expectedVersion());
        }
        var sessionId = request.sessionId();
        long nonce = request.nonce();
        var ephemeral = request.gatewayEphemeralPublic();
        var unsigned = new ReattachAck(sessionId, nonce, newVersion, ephemeral, terms, Signature.UNSIGNED);
        return accept(
                request.request(),
                unsigned,
                request.takeShared(),
                signature -> new ReattachAck(sessionId, nonce, newVersion, ephemeral, terms, signature),
                sessionId,
                newVersion,
                terms);
    }

    /**
     * A signed refusal of {@code request}, verified or not. {@code currentVersion} must be present exactly for
     * {@code STALE_VERSION} and {@code OWNERSHIP_CONFLICT}.
     */
    public ReattachReject rejectReattach(ReattachRequest request, RejectCode code, OptionalLong currentVersion) {
        requireNonNull(request, "request");
        var unsigned =
                new ReattachReject(request.sessionId(), request.nonce(), code, currentVersion, Signature.UNSIGNED);
        var signature = Signing.signReply(gatewayKey, KeyAgreement.transcript(publicKey(), request, unsigned));
        return new ReattachReject(request.sessionId(), request.nonce(), code, currentVersion, signature);
    }

    /** A signed REDIRECT of session {@code sessionId} to {@code target}, timestamped now. */
    public Redirect redirect(String sessionId, RedirectReason reason, Candidate target) {
        long now = clock.millis();
        var unsigned = new Redirect(sessionId, reason, now, target, Signature.UNSIGNED);
        return new Redirect(sessionId, reason, now, target, Signing.signRedirect(gatewayKey, unsigned));
    }

    private <T> Verification<T> agree(EphemeralKey agentEphemeral, BiFunction<EphemeralKey, byte[], T> verified) {
        var ephemeral = KeyAgreement.newEphemeral(random);
        var shared = KeyAgreement.shared(ephemeral, agentEphemeral);
        if (shared.isEmpty()) {
            return refused(RejectCode.AUTH_FAIL, "the agent ephemeral key is a low-order point");
        }
        return new Verification.Valid<>(verified.apply(KeyAgreement.publicOf(ephemeral), shared.get()));
    }

    private <F extends SignedFrame> Accepted<F> accept(
            Frame request,
            F unsigned,
            byte[] shared,
            Function<Signature, F> signed,
            String sessionId,
            long version,
            SessionTerms terms) {
        var transcript = KeyAgreement.transcript(publicKey(), request, unsigned);
        var reply = signed.apply(Signing.signReply(gatewayKey, transcript));
        var keys = KeyAgreement.trafficKeys(shared, transcript);
        Arrays.fill(shared, (byte) 0);
        return new Accepted<>(reply, new Attachment(Role.GATEWAY, sessionId, version, terms, keys));
    }

    private static <T> Verification<T> refused(RejectCode code, String detail) {
        return new Verification.Refused<>(code, detail);
    }

    private static String staleDetail(long timestampMs, long nowMs) {
        return "timestamp " + timestampMs + " is " + (nowMs - timestampMs) + " ms from this node's clock";
    }

    @Override
    public String toString() {
        return "GatewayCrypto[key=" + publicKey() + "]";
    }
}
