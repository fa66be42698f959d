package io.jumpingvpn.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.agent.SwitchOutcome;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway nodes in this JVM on one real redis-server. Agents move between nodes for many rounds: every round
 * is exactly one commit per session, no session is ever forwarded by two nodes at once (the nodes' own tables, sampled;
 * their history files, through the chaos checker; and what the agents accepted), and racing reattaches at three nodes
 * end in one winner. No test asserts speed.
 */
class ClusterHandoverRedisIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int AGENTS = 4;
    private static final int ROUNDS = 8;

    @TempDir
    Path temp;

    private RedisServer redis;
    private InProcessCluster cluster;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        cluster = new InProcessCluster(temp, redis, 3, PartitionPolicy.DENY);
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
    void agentsMovingBetweenNodesHaveOneCommitPerRoundAndNoSessionIsEverForwardedByTwoNodes() throws Exception {
        var candidates = cluster.nodes.stream().map(InProcessCluster.Node::udp).toList();
        var agents = new ArrayList<AgentFleet.RunningAgent>();
        for (int i = 0; i < AGENTS; i++) {
            var agent = cluster.agent("agent-" + i, candidates.toArray(Candidate[]::new));
            assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
            agents.add(agent);
        }
        var traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(
                () -> agents.forEach(agent -> agent.send(new byte[] {7})), 0, 20, TimeUnit.MILLISECONDS);
        var random = new Random(42);
        try (var sampler = new ForwardingSampler(
                cluster.nodes.stream().map(InProcessCluster.Node::gateway).toList())) {
            for (int round = 1; round <= ROUNDS; round++) {
                var targets = new int[AGENTS];
                for (int i = 0; i < AGENTS; i++) {
                    int from = candidates.indexOf(
                            agents.get(i).agent().status().candidate().orElseThrow());
                    targets[i] = (from + 1 + random.nextInt(2)) % 3;
                    var switched = agents.get(i)
                            .agent()
                            .switchTo(candidates.get(targets[i]))
                            .get(30, TimeUnit.SECONDS);
                    assertThat(switched).isInstanceOf(SwitchOutcome.Started.class);
                }
                long expected = 1 + 2L * round;
                for (int i = 0; i < AGENTS; i++) {
                    var agent = agents.get(i);
                    var target = candidates.get(targets[i]);
                    await().atMost(WAIT).untilAsserted(() -> {
                        var status = agent.agent().status();
                        assertThat(status.isAttached()).isTrue();
                        assertThat(status.candidate()).contains(target);
                        assertThat(status.confirmedVersion()).isEqualTo(expected);
                    });
                    // Exactly one commit this round: the store moved by the reattach's two transitions only.
                    var record = cluster.record(agent.sessionId());
                    assertThat(record.version()).isEqualTo(expected);
                    assertThat(record.owner().node().value())
                            .isEqualTo(cluster.node(targets[i]).id());
                }
                // Settled: each session is bound at exactly one node, the one its agent is attached to.
                for (int i = 0; i < AGENTS; i++) {
                    var session = agents.get(i).sessionId();
                    var holder = cluster.node(targets[i]).id();
                    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.boundAt(session))
                            .containsExactly(holder));
                }
            }
            // Traffic flows at the last nodes too.
            for (var agent : agents) {
                long before = agent.received().get();
                await().atMost(WAIT).until(() -> agent.received().get() > before);
            }
            assertThat(sampler.samples()).isPositive();
            assertThat(sampler.violations()).isEmpty();
        } finally {
            traffic.shutdownNow();
        }
        for (var agent : agents) {
            assertThat(agent.agent().status().end()).isEmpty();
        }
        var outcome = cluster.run.check(AGENTS);
        RunDirectory.assertSafe(outcome);
        assertThat(outcome.valid()).withFailMessage(outcome.summary()).isTrue();
    }

    @Test
    void theSameSessionReattachedAtThreeNodesAtOnceHasExactlyOneWinnerOnRedis() throws Exception {
        var keys = cluster.agentKeys;
        var first = cluster.node(0);
        try (var owner = TestAgent.udp(new InetSocketAddress("127.0.0.1", first.port()), keys)) {
            owner.attach();
            var session = owner.sessionId();
            var pool = Executors.newFixedThreadPool(3);
            var contenders = new ArrayList<TestAgent>();
            try {
                for (int round = 0; round < 5; round++) {
                    long expected = cluster.record(session).version();
                    var start = new CountDownLatch(1);
                    var answers = new ArrayList<CompletableFuture<ReplyOutcome>>();
                    for (int i = 0; i < 3; i++) {
                        var agent = TestAgent.udp(
                                new InetSocketAddress(
                                        "127.0.0.1", cluster.node(i).port()),
                                keys);
                        contenders.add(agent);
                        var request = agent.reattachRequest(session, expected, 10L * (round + 1) + i);
                        answers.add(CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        start.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return agent.reattach(request, WAIT);
                                },
                                pool));
                    }
                    start.countDown();
                    var outcomes = new ArrayList<ReplyOutcome>();
                    for (var answer : answers) {
                        outcomes.add(answer.get(60, TimeUnit.SECONDS));
                    }
                    var winners = outcomes.stream()
                            .filter(o -> o instanceof ReplyOutcome.Established)
                            .toList();
                    assertThat(winners).hasSize(1);
                    assertThat(outcomes)
                            .filteredOn(o -> o instanceof ReplyOutcome.Rejected)
                            .hasSize(2)
                            .allSatisfy(o -> {
                                var rejected = (ReplyOutcome.Rejected) o;
                                assertThat(rejected.code()).isEqualTo(RejectCode.OWNERSHIP_CONFLICT);
                                assertThat(rejected.currentVersion()).hasValue(expected + 2);
                            });
                    int winner = outcomes.indexOf(winners.getFirst());
                    assertThat(cluster.record(session).owner().node().value())
                            .isEqualTo(cluster.node(winner).id());
                    await().atMost(WAIT).untilAsserted(() -> {
                        for (int i = 0; i < 3; i++) {
                            assertThat(cluster.node(i)
                                            .gateway()
                                            .session(new SessionId(session))
                                            .isPresent())
                                    .as("node n%d holds the session", i + 1)
                                    .isEqualTo(i == winner);
                        }
                    });
                }
            } finally {
                pool.shutdownNow();
                contenders.forEach(TestAgent::close);
            }
        }
        RunDirectory.assertSafe(cluster.run.check(0));
    }
}
