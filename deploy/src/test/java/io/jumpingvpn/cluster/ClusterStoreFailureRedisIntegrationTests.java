package io.jumpingvpn.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.AgentEnd;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.testkit.redis.Persistence;
import io.jumpingvpn.testkit.redis.RedisOptions;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stopped and started again under two nodes in this JVM, with a real agent: the nodes fail closed, then the
 * partition policy decides. {@code deny}: the session is frozen (its agent refused {@code STORE_UNAVAILABLE}) and
 * resumed when Redis comes back with its data; {@code terminate}: the agent is told {@code OWNERSHIP_UNPROVEN} and the
 * store records it once back; Redis back without its data: {@code STORE_STATE_LOST}, whatever the policy.
 */
class ClusterStoreFailureRedisIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path temp;

    private RedisServer redis;
    private InProcessCluster cluster;

    private void start(PartitionPolicy policy) {
        redis = RedisServer.start(
                RedisOptions.builder().persistence(Persistence.RDB).build());
        cluster = new InProcessCluster(temp, redis, 2, policy);
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

    /** Redis down for longer than a node lease: every lease lapses in the store meanwhile. */
    private void outage() throws InterruptedException {
        redis.stop();
        var n1 = cluster.node(0).gateway();
        await().atMost(WAIT).until(() -> !n1.leaseProven());
        assertThat(n1.readiness().isReady()).isFalse();
        Thread.sleep(InProcessCluster.LEASE.toMillis() + 500);
    }

    @Test
    void underDenyTheSessionIsFrozenWhileRedisIsDownAndResumesWhenItComesBackWithItsData() throws Exception {
        start(PartitionPolicy.DENY);
        var n1 = cluster.node(0);
        var agent = cluster.agent("agent-deny", n1.udp());
        assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        var session = agent.sessionId();
        var traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> agent.send(new byte[] {1}), 0, 20, TimeUnit.MILLISECONDS);
        try {
            await().atMost(WAIT).until(() -> agent.received().get() > 0);
            var firstEpoch = n1.gateway().nodeRef();

            outage();
            // Fail closed: the agent's reattaches are refused, nothing is terminated.
            await().atMost(WAIT).until(() -> agent.events().stream()
                    .anyMatch(e ->
                            e instanceof AgentEvent.ReattachRejected r && r.code() == RejectCode.STORE_UNAVAILABLE));
            assertThat(agent.agent().status().end()).isEmpty();
            redis.restart(true);

            await().atMost(WAIT).until(() -> n1.gateway().leaseProven());
            assertThat(n1.gateway().nodeRef().epoch()).isGreaterThan(firstEpoch.epoch());
            await().atMost(WAIT).until(() -> agent.agent().status().isAttached());
            long before = agent.received().get();
            await().atMost(WAIT).until(() -> agent.received().get() > before);
            assertThat(agent.agent().status().end()).isEmpty();
            assertThat(agent.sessionId()).isEqualTo(session);
            var record = cluster.record(session);
            assertThat(record.state()).isEqualTo(SessionState.ATTACHED);
            assertThat(record.owner()).isEqualTo(n1.gateway().nodeRef());
            assertThat(Files.readString(cluster.run.nodeHistory("n1"))).contains("\"reason\":\"lease-lost\"");
        } finally {
            traffic.shutdownNow();
        }
        RunDirectory.assertSafe(cluster.run.check(1));
    }

    @Test
    void underTerminateTheAgentIsToldOwnershipUnprovenAndTheStoreRecordsItOnceBack() throws Exception {
        start(PartitionPolicy.TERMINATE);
        var agent = cluster.agent("agent-terminate", cluster.node(0).udp());
        assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        var session = agent.sessionId();

        redis.stop();
        var end = agent.agent().ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(end)
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.OWNERSHIP_UNPROVEN));
        redis.restart(true);

        await().atMost(WAIT).untilAsserted(() -> {
            var record = cluster.record(session);
            assertThat(record.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(record.terminationReason()).contains("OWNERSHIP_UNPROVEN");
        });
        RunDirectory.assertSafe(cluster.run.check(1));
    }

    @Test
    void redisBackWithoutItsDataEndsTheSessionWithStoreStateLost() throws Exception {
        start(PartitionPolicy.DENY);
        var n1 = cluster.node(0).gateway();
        var agent = cluster.agent("agent-lost", cluster.node(0).udp());
        assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);

        redis.stop();
        await().atMost(WAIT).until(() -> !n1.leaseProven());
        redis.restart(false);

        var end = agent.agent().ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(end)
                .isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> assertThat(terminated.code())
                        .isEqualTo(TerminationCode.STORE_STATE_LOST));
        await().atMost(WAIT).until(() -> n1.readiness().isReady());
        assertThat(n1.sessions()).isEmpty();
    }
}
