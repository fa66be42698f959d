package io.jumpingvpn.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.gateway.ClusterNode;
import io.jumpingvpn.gateway.FailoverOutcome;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.Migration;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration and failover between two nodes in this JVM on a real redis-server, with real agents that follow the
 * REDIRECT or recover by themselves.
 */
class ClusterTransferRedisIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Operator OPS = new Operator("ops");

    @TempDir
    Path temp;

    private RedisServer redis;
    private InProcessCluster cluster;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        cluster = new InProcessCluster(temp, redis, 2, PartitionPolicy.DENY);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aMigratedAgentFollowsItsRedirectAndContinuesAtTheTarget() throws Exception {
        var agent = cluster.agent(
                "agent-migrated", cluster.node(0).udp(), cluster.node(1).udp());
        assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        var session = agent.sessionId();
        var from = holder(agent);
        var to = other(from);

        var report = from.gateway()
                .migrate(Migration.sessions(List.of(new SessionId(session)), new NodeId(to.id())), OPS)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(report.outcomes()).singleElement().isInstanceOf(TransferOutcome.Transferred.class);

        await().atMost(WAIT).untilAsserted(() -> {
            var status = agent.agent().status();
            assertThat(status.isAttached()).isTrue();
            assertThat(status.candidate()).contains(to.udp());
        });
        assertThat(agent.events()).anyMatch(e -> e instanceof AgentEvent.Redirected);
        assertThat(cluster.record(session).owner()).isEqualTo(to.gateway().nodeRef());
        long before = agent.received().get();
        agent.send(new byte[] {3});
        await().atMost(WAIT).until(() -> agent.received().get() > before);
        assertThat(cluster.boundAt(session)).containsExactly(to.id());
        RunDirectory.assertSafe(cluster.run.check(1));
    }

    @Test
    void aFailoverIsRefusedWhileTheNodeLivesAndTakesItsSessionsOnceItsLeaseLapsed() throws Exception {
        var agent = cluster.agent(
                "agent-failover", cluster.node(0).udp(), cluster.node(1).udp());
        assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        var session = agent.sessionId();
        var from = holder(agent);
        var to = other(from);

        var refused = to.gateway()
                .failover(new NodeId(from.id()), OPS)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(refused).isInstanceOf(FailoverOutcome.Refused.class);
        assertThat(cluster.record(session).owner()).isEqualTo(from.gateway().nodeRef());

        // The holder loses Redis (its own connection only): its lease lapses there while to lives on.
        from.store().unavailable(true);
        await().atMost(WAIT).until(() -> !listed(to.gateway(), from.id()).alive());
        var done = to.gateway()
                .failover(new NodeId(from.id()), OPS)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(done).isInstanceOfSatisfying(FailoverOutcome.FailedOver.class, failedOver -> assertThat(
                        failedOver.transferred())
                .isEqualTo(1));
        assertThat(cluster.record(session).owner()).isEqualTo(to.gateway().nodeRef());

        // The agent lost its node (it answers no heartbeats without a lease) and reattaches at the new owner.
        await().atMost(WAIT).untilAsserted(() -> {
            var status = agent.agent().status();
            assertThat(status.isAttached()).isTrue();
            assertThat(status.candidate()).contains(to.udp());
        });
        assertThat(agent.agent().status().end()).isEmpty();

        // It comes back under a new epoch and finds the session taken: it lets it go.
        from.store().unavailable(false);
        await().atMost(WAIT).until(() -> from.gateway().leaseProven());
        await().atMost(WAIT)
                .until(() -> from.gateway().session(new SessionId(session)).isEmpty());
        assertThat(cluster.boundAt(session)).containsExactly(to.id());
        RunDirectory.assertSafe(cluster.run.check(1));
    }

    /** The node the agent is attached to. */
    private InProcessCluster.Node holder(AgentFleet.RunningAgent agent) {
        var candidate = agent.agent().status().candidate().orElseThrow();
        return cluster.nodes.stream()
                .filter(n -> n.udp().equals(candidate))
                .findFirst()
                .orElseThrow();
    }

    private InProcessCluster.Node other(InProcessCluster.Node node) {
        return cluster.nodes.stream().filter(n -> n != node).findFirst().orElseThrow();
    }

    private static ClusterNode listed(Gateway viewer, String node) throws Exception {
        var result = viewer.nodes().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(StoreResult.Committed.class);
        @SuppressWarnings("unchecked")
        var nodes = ((StoreResult.Committed<List<ClusterNode>>) result).value();
        return nodes.stream()
                .filter(n -> n.node().node().value().equals(node))
                .findFirst()
                .orElseThrow();
    }
}
