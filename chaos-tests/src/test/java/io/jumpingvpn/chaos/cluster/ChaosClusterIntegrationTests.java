package io.jumpingvpn.chaos.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.node.ChaosPolicy;
import io.jumpingvpn.chaos.node.NodeProtocol;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on the real thing: a redis-server, a fault proxy, a ChaosNode process started by PID and reached by a
 * real agent through its relay; the node killed and restarted under the same id (a new epoch); a command on its
 * standard input.
 */
class ChaosClusterIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void aNodeServesAgentsThroughItsRelayAndComesBackWithANewEpochAfterAKill() throws Exception {
        var keys = temp.resolve("keys");
        KeyDirectory.generate(keys, new SecureRandom(), "chaos-agent");
        var run = temp.resolve("run");
        var plan = new ClusterPlan(
                List.of("n1"),
                run,
                RedisMode.STANDALONE,
                false,
                Duration.ofMillis(1_500),
                PartitionPolicy.DENY,
                Optional.empty(),
                keys,
                "jvpn-chaos-test");
        var log = new ByteArrayOutputStream();
        try (var cluster = ChaosCluster.start(plan, new PrintStream(log, true))) {
            var node = cluster.node("n1");
            long firstEpoch = node.ready().epoch();
            assertThat(node.process().alive()).isTrue();
            assertThat(node.proxy()).isPresent();
            assertThat(log.toString()).contains("node n1 serves");

            var candidate = new Candidate(
                    TransportKind.UDP, "127.0.0.1:" + node.agentEndpoint().getPort());
            try (var agent = Agent.start(AgentConfig.builder()
                    .gateway(candidate)
                    .keys(KeyDirectory.loadAgent(keys))
                    .policy(ChaosPolicy.withLease(Duration.ofMillis(1_500)))
                    .build())) {
                assertThat(agent.awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
            }

            assertThat(node.process().send(NodeProtocol.clockOffsetCommand(2_500)))
                    .isTrue();
            await().atMost(WAIT)
                    .until(() -> Files.readString(run.resolve("logs").resolve("n1.log"))
                            .contains(NodeProtocol.clockOffsetAck(2_500)));

            long pid = node.process().pid();
            cluster.killNode("n1");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThatThrownBy(() -> cluster.node("n9")).hasMessageContaining("no node 'n9'");

            var ready = cluster.restartNode("n1");
            assertThat(ready.epoch()).isGreaterThan(firstEpoch);
            assertThat(node.process().pid()).isNotEqualTo(pid);
            assertThat(Files.readString(HistoryFiles.nodeFile(run, "n1")))
                    .contains("\"epoch\":" + firstEpoch)
                    .contains("\"epoch\":" + ready.epoch());

            assertThat(cluster.stopNodes(Duration.ofSeconds(20))).isEmpty();
            assertThat(node.process().alive()).isFalse();
        }
    }
}
