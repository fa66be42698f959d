package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.RedirectCheck;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.SessionId;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transfer procedures between nodes on one shared store: migration (freeze, transfer, REDIRECT, forget), failover
 * of a dead node (refused while its lease lives), and the drain. Raw test agents follow the redirects by hand.
 */
class ClusterTransferIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Operator ALICE = new Operator("alice");

    @TempDir
    Path temp;

    @Test
    void aMigratedSessionIsRedirectedToItsNewOwnerAndContinuesThere() throws Exception {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b);
                var agent = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            agent.attach();
            var session = agent.sessionId();

            var report = n1.gateway()
                    .migrate(Migration.sessions(List.of(new SessionId(session)), new NodeId("n2")), ALICE)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(report.outcomes()).singleElement().isInstanceOf(TransferOutcome.Transferred.class);
            assertThat(((TransferOutcome.Transferred) report.outcomes().getFirst()).version())
                    .isEqualTo(2);

            var redirect = agent.expect(Redirect.class, WAIT);
            assertThat(agent.crypto().checkRedirect(redirect, session, Duration.ofSeconds(5)))
                    .isEqualTo(RedirectCheck.VALID);
            assertThat(redirect.target().kind()).isEqualTo(TransportKind.UDP);
            assertThat(redirect.target().endpoint()).isEqualTo("127.0.0.1:" + n2.port());
            assertThat(cluster.record(session).owner()).isEqualTo(n2.gateway().nodeRef());
            assertThat(n1.gateway().session(new SessionId(session))).isEmpty();

            try (var moved = cluster.agent(n2, TransportKind.UDP)) {
                // The agent only knew v1: the transfer's version comes back with the refusal, then it commits.
                var first = moved.reattach(moved.reattachRequest(session, 1, 1), WAIT);
                assertThat(first).isInstanceOf(ReplyOutcome.Rejected.class);
                assertThat(((ReplyOutcome.Rejected) first).currentVersion()).hasValue(2);
                assertThat(moved.reattach(moved.reattachRequest(session, 2, 2), WAIT))
                        .isInstanceOf(ReplyOutcome.Established.class);
                moved.sendData(new byte[] {4});
                assertThat(moved.expectData(WAIT)).containsExactly(4);
            }
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(n1.audit().events(AuditEventType.OWNERSHIP_CHANGE, session))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.reasonCode()).contains("MIGRATE");
                            assertThat(e.fields()).containsEntry("operator", "alice");
                        });
                assertThat(n1.audit().events(AuditEventType.ADMIN_ACTION))
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.reasonCode()).contains("DONE");
                            assertThat(e.fields()).containsEntry("action", "MIGRATE");
                        });
            });
        }
    }

    @Test
    void aShareOfTheSessionsMovesAndAMigrationToANodeThatIsNotLiveIsRefused() throws Exception {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b)) {
            var n1 = cluster.node(0);
            var agents = new ArrayList<TestAgent>();
            try {
                for (int i = 0; i < 4; i++) {
                    var agent = cluster.agent(n1, TransportKind.UDP);
                    agents.add(agent);
                    agent.attach();
                }
                var refused = n1.gateway()
                        .migrate(Migration.share(1, new NodeId("n9")), ALICE)
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                assertThat(refused.transferred()).isZero();
                assertThat(refused.outcomes()).hasSize(4);
                assertThat(n1.gateway().sessions()).hasSize(4);

                var half = n1.gateway()
                        .migrate(Migration.share(0.5, new NodeId("n2")), ALICE)
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                assertThat(half.transferred()).isEqualTo(2);
                assertThat(n1.gateway().sessions()).hasSize(2);
            } finally {
                agents.forEach(TestAgent::close);
            }
        }
    }

    @Test
    void aFailoverIsRefusedWhileTheNodesLeaseLivesAndTakesItsSessionsOnceItLapsed() throws Exception {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b.nodeLease(Duration.ofMillis(1000)));
                var agent = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            agent.attach();
            var session = new SessionId(agent.sessionId());

            var refused = n2.gateway()
                    .failover(new NodeId("n1"), ALICE)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(refused).isInstanceOf(FailoverOutcome.Refused.class);
            assertThat(((FailoverOutcome.Refused) refused).reason()).contains("live lease");

            // n1 is cut off from the store: its lease lapses there.
            n1.store().unavailable(true);
            await().atMost(WAIT)
                    .until(() -> !ClusterFixture.listed(n2.gateway(), "n1").alive());
            var done = n2.gateway()
                    .failover(new NodeId("n1"), ALICE)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(done).isInstanceOf(FailoverOutcome.FailedOver.class);
            assertThat(((FailoverOutcome.FailedOver) done).transferred()).isEqualTo(1);
            assertThat(n2.gateway().session(session)).isPresent();

            try (var moved = cluster.agent(n2, TransportKind.UDP)) {
                assertThat(moved.reattach(moved.reattachRequest(session.value(), 2, 1), WAIT))
                        .isInstanceOf(ReplyOutcome.Established.class);
                moved.sendData(new byte[] {1});
                assertThat(moved.expectData(WAIT)).containsExactly(1);
            }
            assertThat(n2.audit().events(AuditEventType.OWNERSHIP_CHANGE, session.value()))
                    .extracting(e -> e.reasonCode().orElseThrow())
                    .contains("FAILOVER");
        }
    }

    @Test
    void aDrainingNodeRedirectsItsAgentsRefusesNewOnesAndHandsWhatIsLeftToAPeer() throws Exception {
        try (var cluster = ClusterFixture.start(temp, 2, b -> b);
                var follows = cluster.agent(cluster.node(0), TransportKind.UDP);
                var stays = cluster.agent(cluster.node(0), TransportKind.UDP);
                var late = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            follows.attach();
            stays.attach();

            var drain =
                    CompletableFuture.supplyAsync(() -> n1.gateway().drain(Duration.ofSeconds(6), Operator.SIGTERM));
            var redirect = follows.expect(Redirect.class, WAIT);
            assertThat(redirect.reason()).isEqualTo(RedirectReason.DRAIN);
            assertThat(redirect.target().endpoint()).isEqualTo("127.0.0.1:" + n2.port());
            assertThat(n1.gateway().readiness().isReady()).isFalse();

            // A new agent is not served here; a reattach here is sent on to the peer.
            late.send(late.crypto().startHandshake().init());
            assertThat(late.expect(HandshakeReject.class, WAIT).code()).isEqualTo(RejectCode.STORE_UNAVAILABLE);
            var again = stays.reattachRequest(stays.sessionId(), 1, 1);
            stays.send(again.request());
            assertThat(stays.expect(Redirect.class, WAIT).target().endpoint()).isEqualTo("127.0.0.1:" + n2.port());

            try (var moved = TestAgent.udp(new InetSocketAddress("127.0.0.1", n2.port()), cluster.agentKeys)) {
                assertThat(moved.reattach(moved.reattachRequest(follows.sessionId(), 1, 1), WAIT))
                        .isInstanceOf(ReplyOutcome.Established.class);
                var report = drain.get(30, TimeUnit.SECONDS);
                assertThat(report.held()).isEqualTo(2);
                assertThat(report.redirected()).isEqualTo(2);
                assertThat(report.movedByAgents()).isEqualTo(1);
                assertThat(report.transferred()).singleElement().isInstanceOf(TransferOutcome.Transferred.class);
                assertThat(report.left()).isZero();
                // Bounded by the grace period (6 s), with room for a slow machine.
                assertThat(report.took()).isLessThan(Duration.ofSeconds(15));
                moved.sendData(new byte[] {1});
                assertThat(moved.expectData(WAIT)).containsExactly(1);
            }
            assertThat(n1.gateway().sessions()).isEmpty();
            assertThat(n1.audit().events(AuditEventType.SESSION_TERMINATED)).isEmpty();
            assertThat(n1.audit().events(AuditEventType.ADMIN_ACTION))
                    .singleElement()
                    .satisfies(e -> assertThat(e.fields()).containsEntry("operator", "signal:SIGTERM"));
        }
    }
}
