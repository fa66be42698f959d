package io.jumpingvpn.protocol.testing;

import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.GatewayCrypto;
import io.jumpingvpn.protocol.crypto.PendingHandshake;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.crypto.Verification;
import io.jumpingvpn.protocol.crypto.VerifiedInit;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.wire.SessionTerms;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Replays the handshake of {@code key-schedule.txt} through the real agent and gateway code, with the vector's fixed
 * keys, randomness and clock.
 */
public final class VectorSessions {

    public static final Vectors.Block HANDSHAKE =
            Vectors.load("key-schedule.txt").block("handshake");
    public static final Vectors.Block REATTACH =
            Vectors.load("key-schedule.txt").block("reattach");
    public static final SessionTerms BIRTH_TERMS = new SessionTerms(500, 2000, 15000, 28_800_000, 2048);
    public static final SessionTerms REATTACH_TERMS = new SessionTerms(500, 2000, 15000, 28_740_000, 2048);

    private VectorSessions() {}

    public static IdentityKeyPair agentKey() {
        return IdentityKeyPair.fromSeed(HANDSHAKE.hex("agent_seed"));
    }

    public static IdentityKeyPair gatewayKey() {
        return IdentityKeyPair.fromSeed(HANDSHAKE.hex("gateway_seed"));
    }

    public static Clock clockAt(long epochMillis) {
        return Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    public static AgentCrypto birthAgent() {
        return new AgentCrypto(
                agentKey(),
                gatewayKey().publicKey(),
                clockAt(HANDSHAKE.number("timestamp_ms")),
                new FixedRandom(HANDSHAKE.hex("agent_ephemeral_secret"), HANDSHAKE.hex("handshake_id")));
    }

    public static GatewayCrypto birthGateway() {
        return new GatewayCrypto(
                gatewayKey(),
                clockAt(HANDSHAKE.number("timestamp_ms")),
                new FixedRandom(HANDSHAKE.hex("gateway_ephemeral_secret")),
                Duration.ofSeconds(5));
    }

    public static AgentAllowlist allowlist() {
        return AgentAllowlist.of(agentKey().publicKey());
    }

    /** The two attachments of the vector handshake: agent side first, then gateway side. */
    public static Attachment[] birth() {
        PendingHandshake pending = birthAgent().startHandshake();
        var verification = birthGateway().verifyInit(pending.init(), allowlist());
        if (!(verification instanceof Verification.Valid<VerifiedInit>(var verified))) {
            throw new IllegalStateException("the vector INIT does not verify: " + verification);
        }
        var accepted = birthGateway()
                .acceptInit(verified, HANDSHAKE.text("session_id"), HANDSHAKE.number("version"), BIRTH_TERMS);
        if (!(pending.complete(accepted.reply()) instanceof ReplyOutcome.Established(var agentSide))) {
            throw new IllegalStateException("the vector ACK does not complete the handshake");
        }
        return new Attachment[] {agentSide, accepted.attachment()};
    }
}
