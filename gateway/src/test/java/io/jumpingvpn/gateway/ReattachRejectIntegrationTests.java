package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.PendingReattach;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.Signature;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reject code of the reattach validation order, each produced by a crafted request, each leaving the stored
 * record exactly as it was, each answered with a REATTACH_REJECT that verifies against the request, and each audited.
 */
class ReattachRejectIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private GatewayFixture fixture;

    private GatewayFixture start(UnaryOperator<GatewayConfig.Builder> customize) {
        fixture = GatewayFixture.start(temp, b -> customize.apply(b.flood(GatewayFixture.lenientFlood())));
        return fixture;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Sends {@code pending} and checks the answer is a signed refusal with {@code code}, the record untouched. */
    private ReplyOutcome.Rejected refused(TestAgent agent, PendingReattach pending, RejectCode code) {
        var session = pending.request().sessionId();
        SessionRecord before = exists(session) ? fixture.record(session) : null;
        var outcome = agent.reattach(pending, WAIT);
        assertThat(outcome).isInstanceOf(ReplyOutcome.Rejected.class);
        var rejected = (ReplyOutcome.Rejected) outcome;
        assertThat(rejected.code()).isEqualTo(code);
        if (before != null) {
            assertThat(fixture.record(session)).isEqualTo(before);
        }
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(fixture.audit.events(AuditEventType.REATTACH_RESULT, session))
                        .anySatisfy(event -> assertThat(event.reasonCode()).contains(code.name())));
        return rejected;
    }

    private boolean exists(String session) {
        try {
            fixture.record(session);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Test
    void aForgedSignatureIsAuthFail() {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var genuine = agent.reattachRequest(agent.sessionId(), 1, agent.nextNonce())
                    .request();
            var forgedBytes = genuine.signature().bytes();
            forgedBytes[10] ^= 0x01;
            var forged = new ReattachRequest(
                    genuine.sessionId(),
                    genuine.agentKey(),
                    genuine.expectedVersion(),
                    genuine.nonce(),
                    genuine.timestampMs(),
                    genuine.ephemeral(),
                    genuine.candidate(),
                    Signature.of(forgedBytes));
            var before = fixture.record(agent.sessionId());
            agent.send(forged);
            // The reject is bound to the forged request's exact bytes; check the code through a raw decode.
            var reject = agent.expect(ReattachReject.class, WAIT);
            assertThat(reject.code()).isEqualTo(RejectCode.AUTH_FAIL);
            assertThat(fixture.record(agent.sessionId())).isEqualTo(before);
            await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.audit.events(AuditEventType.SECURITY_EVENT))
                    .anySatisfy(event -> assertThat(event.fields()).containsEntry("kind", "AUTH_FAILURE")));
        }
    }

    @Test
    void aKeyOutsideTheAllowlistIsAuthFail() {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var stranger = new KeyDirectory.AgentKeys(
                    IdentityKeyPair.generate(new SecureRandom()), fixture.agentKeys.gatewayKey());
            try (var intruder = TestAgent.udp(fixture.udp(), stranger)) {
                refused(intruder, intruder.reattachRequest(agent.sessionId(), 1, 5), RejectCode.AUTH_FAIL);
            }
        }
    }

    @Test
    void anotherAllowlistedKeyIsAuthFailBecauseTheRecordHoldsTheSessionsKey() {
        start(b -> b);
        try (var agent = fixture.udpAgent();
                var other = TestAgent.udp(fixture.udp(), fixture.otherAgentKeys)) {
            agent.attach();
            refused(other, other.reattachRequest(agent.sessionId(), 1, 5), RejectCode.AUTH_FAIL);
        }
    }

    @Test
    void aStaleTimestampIsFreshnessInvalid() {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1));
            try (var late = TestAgent.over(
                    TransportKind.UDP, fixture.udp(), fixture.agentKeys, InetAddress.getLoopbackAddress(), skewed)) {
                refused(late, late.reattachRequest(agent.sessionId(), 1, 5), RejectCode.FRESHNESS_INVALID);
            }
        }
    }

    @Test
    void anUnknownSessionIsSessionNotFound() {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            refused(agent, agent.reattachRequest("no-such-session", 1, 1), RejectCode.SESSION_NOT_FOUND);
        }
    }

    @Test
    void anExpiredSessionIsSessionExpired() throws Exception {
        start(b -> b);
        var store = fixture.store;
        // A session born at another node, with a lifetime that is already over.
        var other = ((StoreResult.Committed<NodeLease>)
                        store.registerNode(new NodeId("gw-other"), Duration.ofMinutes(1))
                                .toCompletableFuture()
                                .get())
                .value()
                .node();
        var id = store.newSessionId();
        store.create(new CreateSession(
                        id,
                        AgentPublicKey.of(
                                fixture.agentKeys.agentKey().publicKey().bytes()),
                        other,
                        new Binding("udp", "127.0.0.1:9"),
                        new RequestId("create-" + id.value().substring(0, 8)),
                        Duration.ofMillis(1),
                        "default"))
                .toCompletableFuture()
                .get();
        Thread.sleep(20);
        try (var agent = fixture.udpAgent()) {
            refused(agent, agent.reattachRequest(id.value(), 1, 1), RejectCode.SESSION_EXPIRED);
        }
    }

    @Test
    void aNonceNotAboveTheLastIsReplayDetected() {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            assertThat(agent.reattach(agent.reattachRequest(agent.sessionId(), 1, 10), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);
            assertThat(agent.version()).isEqualTo(3);

            refused(agent, agent.reattachRequest(agent.sessionId(), 3, 10), RejectCode.REPLAY_DETECTED);
            refused(agent, agent.reattachRequest(agent.sessionId(), 3, 9), RejectCode.REPLAY_DETECTED);
            assertThat(fixture.record(agent.sessionId()).version()).isEqualTo(3);
        }
    }

    @Test
    void anOlderVersionIsStaleVersionWithTheCurrentVersion() throws Exception {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            assertThat(agent.reattach(1)).isInstanceOf(ReplyOutcome.Established.class);
            Thread.sleep(Policy.FAST.switchCooldown().toMillis() + 50);
            assertThat(agent.reattach(3)).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(agent.version()).isEqualTo(5);

            var rejected = refused(
                    agent, agent.reattachRequest(agent.sessionId(), 1, agent.nextNonce()), RejectCode.STALE_VERSION);
            assertThat(rejected.currentVersion()).hasValue(5);
            var ahead = refused(
                    agent, agent.reattachRequest(agent.sessionId(), 9, agent.nextNonce()), RejectCode.STALE_VERSION);
            assertThat(ahead.currentVersion()).hasValue(5);
        }
    }

    @Test
    void aCandidateOfAnotherTransportIsPolicyDeny() {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var pending = agent.crypto()
                    .startReattach(agent.sessionId(), 1, 1, new Candidate(TransportKind.TCP, "127.0.0.1:1"));
            refused(agent, pending, RejectCode.POLICY_DENY);
        }
    }

    @Test
    void aSwitchWithinTheCooldownIsPolicyDeny() {
        start(b -> b.policy(GatewayFixture.steady(Map.of("SWITCH_COOLDOWN_MS", "60000"))));
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            assertThat(agent.reattach(1)).isInstanceOf(ReplyOutcome.Established.class);
            refused(agent, agent.reattachRequest(agent.sessionId(), 3, agent.nextNonce()), RejectCode.POLICY_DENY);
        }
    }

    @Test
    void moreSwitchesPerMinuteThanAllowedArePolicyDeny() {
        start(b -> b.policy(GatewayFixture.steady(Map.of("SWITCH_COOLDOWN_MS", "0", "MAX_SWITCHES_PER_MIN", "2"))));
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            assertThat(agent.reattach(1)).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(agent.reattach(3)).isInstanceOf(ReplyOutcome.Established.class);
            refused(agent, agent.reattachRequest(agent.sessionId(), 5, agent.nextNonce()), RejectCode.POLICY_DENY);
            assertThat(fixture.record(agent.sessionId()).version()).isEqualTo(5);
        }
    }

    @Test
    void aTerminatedSessionIsInvalidState() throws Exception {
        start(b -> b);
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var outcome = fixture.gateway
                    .terminate(new SessionId(agent.sessionId()), TerminationCode.OPERATOR_TERMINATE)
                    .toCompletableFuture()
                    .get();
            assertThat(outcome).isInstanceOf(TerminateOutcome.Terminated.class);
            refused(agent, agent.reattachRequest(agent.sessionId(), 2, agent.nextNonce()), RejectCode.INVALID_STATE);
        }
    }

    @Test
    void aFloodOfReattachesFromOneSourceIsRateLimited() {
        start(b -> b.flood(FloodSettings.DEFAULT.withReattaches(0.001, 2)));
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var before = fixture.record(agent.sessionId());
            refused(agent, agent.reattachRequest("no-such-session", 1, 1), RejectCode.SESSION_NOT_FOUND);
            refused(agent, agent.reattachRequest("no-such-session", 1, 2), RejectCode.SESSION_NOT_FOUND);
            refused(agent, agent.reattachRequest(agent.sessionId(), 1, 3), RejectCode.RATE_LIMITED);
            assertThat(fixture.record(agent.sessionId())).isEqualTo(before);
            assertThat(fixture.count("jvpn.gateway.rate.limited", "kind", "REATTACH"))
                    .isEqualTo(1);
        }
    }
}
