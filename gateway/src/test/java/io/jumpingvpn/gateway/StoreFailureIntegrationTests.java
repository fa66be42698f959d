package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.testing.FaultInjectingStore;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store failing: refused requests (STORE_UNAVAILABLE, nothing changed), unknown outcomes reconciled before the
 * session is touched again, the lease proof lapsing (nothing forwarded), the store losing its state.
 */
class StoreFailureIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private static ReplyOutcome.Rejected rejected(RejectCode code) {
        return new ReplyOutcome.Rejected(code, OptionalLong.empty());
    }

    @Test
    void anUnreachableStoreRefusesHandshakesAndReattachesAndChangesNothing() {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        try (var fixture = GatewayFixture.start(temp, store, b -> b.nodeLease(Duration.ofSeconds(30)));
                var agent = fixture.udpAgent();
                var newcomer = fixture.udpAgent()) {
            agent.attach();
            var before = GatewayFixture.record(store.delegate(), agent.sessionId());

            store.unavailable(true);
            assertThat(agent.reattach(1)).isEqualTo(rejected(RejectCode.STORE_UNAVAILABLE));
            assertThat(newcomer.handshake()).isEqualTo(rejected(RejectCode.STORE_UNAVAILABLE));
            assertThat(GatewayFixture.record(store.delegate(), agent.sessionId()))
                    .isEqualTo(before);
            assertThat(fixture.gateway.sessions()).hasSize(1);

            store.unavailable(false);
            assertThat(agent.reattach(1)).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(newcomer.handshake()).isInstanceOf(ReplyOutcome.Established.class);
        }
    }

    @Test
    void aClosedStoreAnswersStoreUnavailable() {
        try (var fixture = GatewayFixture.start(temp, b -> b.nodeLease(Duration.ofSeconds(30)));
                var agent = fixture.udpAgent();
                var newcomer = fixture.udpAgent()) {
            agent.attach();
            fixture.store.close();

            assertThat(agent.reattach(1)).isEqualTo(rejected(RejectCode.STORE_UNAVAILABLE));
            assertThat(newcomer.handshake()).isEqualTo(rejected(RejectCode.STORE_UNAVAILABLE));
        }
    }

    @Test
    void aReattachWhoseReplyWasLostIsReconciledAndTheResentRequestGetsItsAck() {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        try (var fixture = GatewayFixture.start(
                        temp, store, b -> b.policy(GatewayFixture.steady(Map.of("SWITCH_COOLDOWN_MS", "0"))));
                var agent = fixture.udpAgent();
                var moved = TestAgent.udp(fixture.udp(), fixture.agentKeys)) {
            agent.attach();
            var pending = moved.reattachRequest(agent.sessionId(), 1, 1);

            store.reattachFault(FaultInjectingStore.ReattachFault.LOST_REPLY);
            assertThat(moved.reattach(pending, WAIT)).isEqualTo(rejected(RejectCode.STORE_UNAVAILABLE));
            store.reattachFault(FaultInjectingStore.ReattachFault.NONE);
            // It did commit, although nobody was told.
            assertThat(GatewayFixture.record(store.delegate(), agent.sessionId())
                            .version())
                    .isEqualTo(3);

            // The agent resends the same bytes (as it would had the reject been lost too): reconciled first, then
            // answered as the idempotent retry it is, at the version it committed.
            moved.send(pending.request());
            var ack = moved.expect(ReattachAck.class, WAIT);
            assertThat(ack.version()).isEqualTo(3);
            assertThat(ack.nonce()).isEqualTo(1);

            // An agent that took the refusal at its word tries again with a new request at its version: it learns the
            // version that committed meanwhile, and moves on from there. No version was skipped or reused.
            var retry = moved.reattach(moved.reattachRequest(agent.sessionId(), 1, 2), WAIT);
            assertThat(retry).isEqualTo(new ReplyOutcome.Rejected(RejectCode.OWNERSHIP_CONFLICT, OptionalLong.of(3)));
            assertThat(moved.reattach(moved.reattachRequest(agent.sessionId(), 3, 3), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);
            assertThat(moved.version()).isEqualTo(5);
            moved.sendData(new byte[] {5});
            assertThat(moved.expectData(WAIT)).containsExactly(5);
        }
    }

    @Test
    void aReattachThatNeverRanIsFencedAndCanNeverCommitLater() {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        try (var fixture = GatewayFixture.start(temp, store, b -> b);
                var agent = fixture.udpAgent()) {
            agent.attach();
            var lost = agent.reattachRequest(agent.sessionId(), 1, 1);

            store.reattachFault(FaultInjectingStore.ReattachFault.NEVER_RAN);
            assertThat(agent.reattach(lost, WAIT)).isEqualTo(rejected(RejectCode.STORE_UNAVAILABLE));
            store.reattachFault(FaultInjectingStore.ReattachFault.NONE);

            var request = new RequestId(lost.requestId());
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                            GatewayFixture.record(store.delegate(), agent.sessionId())
                                    .outcomeOf(request))
                    .hasValueSatisfying(outcome -> assertThat(outcome.kind()).isEqualTo(RequestOutcome.Kind.FENCED)));
            assertThat(GatewayFixture.record(store.delegate(), agent.sessionId())
                            .version())
                    .isEqualTo(1);

            // The fenced request itself can never commit: sent again, it is refused.
            agent.send(lost.request());
            assertThat(agent.expect(ReattachReject.class, WAIT).code()).isEqualTo(RejectCode.STORE_UNAVAILABLE);
            assertThat(agent.reattach(agent.reattachRequest(agent.sessionId(), 1, 2), WAIT))
                    .isInstanceOf(ReplyOutcome.Established.class);
            assertThat(GatewayFixture.record(store.delegate(), agent.sessionId())
                            .version())
                    .isEqualTo(3);
        }
    }

    @Test
    void underTheTerminatePolicyANodeThatCannotProveItsLeaseForwardsNothingAndEndsWhatItOwned() throws Exception {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        var lease = Duration.ofMillis(1000);
        try (var fixture = GatewayFixture.start(temp, store, b -> b.nodeLease(lease)
                        .cluster(ClusterSettings.DEFAULT.withPartitionPolicy(PartitionPolicy.TERMINATE)));
                var agent = fixture.udpAgent()) {
            agent.attach();
            agent.sendData(new byte[] {1});
            assertThat(agent.expectData(WAIT)).containsExactly(1);
            var firstRef = fixture.gateway.nodeRef();

            store.renewalsFail(true);
            await().atMost(WAIT).until(() -> !fixture.gateway.leaseProven());
            // The policy ends the session as soon as the lease cannot be proven: the agent is told at once.
            var terminate = agent.expectMessage(Terminate.class, WAIT);
            assertThat(terminate.code()).isEqualTo(TerminationCode.OWNERSHIP_UNPROVEN);
            assertThat(fixture.gateway.sessions()).isEmpty();
            agent.sendData(new byte[] {2});
            agent.heartbeat(1);
            assertThat(agent.receivesAnything(Duration.ofMillis(300))).isFalse();
            // Past the lease the store lets it lapse; the next renewal learns it, the node registers again and records
            // the termination with operator authority.
            Thread.sleep(lease.toMillis());
            store.renewalsFail(false);
            await().atMost(WAIT).until(fixture.gateway::leaseProven);
            assertThat(fixture.gateway.nodeRef().epoch()).isGreaterThan(firstRef.epoch());
            await().atMost(WAIT).untilAsserted(() -> {
                var record = GatewayFixture.record(store.delegate(), agent.sessionId());
                assertThat(record.state()).isEqualTo(SessionState.TERMINATED);
                assertThat(record.terminationReason()).contains("OWNERSHIP_UNPROVEN");
            });
            try (var next = fixture.udpAgent()) {
                next.attach();
                assertThat(GatewayFixture.record(store.delegate(), next.sessionId())
                                .owner())
                        .isEqualTo(fixture.gateway.nodeRef());
            }
        }
    }

    @Test
    void aStoreThatLostItsStateEndsEverySessionWithStoreStateLost() {
        var store = new FaultInjectingStore(new InMemorySessionStore());
        try (var fixture = GatewayFixture.start(temp, store, b -> b.nodeLease(Duration.ofMillis(600)));
                var agent = fixture.udpAgent()) {
            agent.attach();

            store.replaceWith(new InMemorySessionStore());

            var terminate = agent.expectMessage(Terminate.class, WAIT);
            assertThat(terminate.code()).isEqualTo(TerminationCode.STORE_STATE_LOST);
            await().atMost(WAIT).until(fixture.gateway::leaseProven);
            assertThat(fixture.gateway.sessions()).isEmpty();
            try (var next = fixture.udpAgent()) {
                assertThat(next.handshake()).isInstanceOf(ReplyOutcome.Established.class);
            }
        }
    }
}
