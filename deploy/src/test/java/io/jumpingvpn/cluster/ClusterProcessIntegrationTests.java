package io.jumpingvpn.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code jvpn gateway} processes on a real redis-server, real agents in this JVM with every node's address, and
 * the nodes' history files checked by the chaos checker: a node killed (SIGKILL), a node paused past its lease
 * (SIGSTOP, then SIGCONT), a node drained (SIGTERM) while traffic flows. NODE_LEASE_MS is 1500 ms. Every process is
 * stopped by PID in {@link #stop()}.
 */
class ClusterProcessIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int AGENTS = 6;
    /** The node lease of the processes: generous enough for three JVMs sharing a small machine. */
    private static final long LEASE_MS = 2_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private RedisServer redis;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private RunDirectory run;
    private AgentFleet fleet;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        var keys = temp.resolve("keys");
        KeyDirectory.generate(keys, new SecureRandom(), "cluster-agent");
        var ids = List.of("n1", "n2", "n3");
        run = new RunDirectory(
                temp.resolve("run"),
                ids,
                LEASE_MS,
                2 * LEASE_MS + InProcessCluster.POLICY.heartbeatVolatile().toMillis());
        fleet = new AgentFleet(
                KeyDirectory.loadAgent(keys),
                InProcessCluster.POLICY.withOverrides(Map.of("NODE_LEASE_MS", Long.toString(LEASE_MS))),
                run);
        var ports = ClusterFixture.freePorts(3);
        var members = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            members.add(ids.get(i) + "=udp://127.0.0.1:" + ports.get(i) + ";tcp://127.0.0.1:" + ports.get(i));
        }
        for (int i = 0; i < 3; i++) {
            var flags = new ArrayList<>(List.of(
                    "--keys",
                    keys.toString(),
                    "--store",
                    redis.uri(),
                    "--redis-key-prefix",
                    "jvpn-proc",
                    "--members",
                    String.join(",", members),
                    "--history",
                    run.nodeHistory(ids.get(i)).toString(),
                    "--admin",
                    "off",
                    "--audit-stdout",
                    "false",
                    "--store-timeout",
                    "2s",
                    "--redis-command-timeout",
                    "2s",
                    "--redis-connect-timeout",
                    "5s",
                    "--drain-grace",
                    "8s",
                    "--log-level",
                    "WARN"));
            for (var entry : policy().entrySet()) {
                flags.add("--policy");
                flags.add(entry.getKey() + "=" + entry.getValue());
            }
            // One after the other: three JVMs starting at once on a small machine starve each other.
            var node = NodeProcess.start(ids.get(i), ports.get(i), temp.resolve("logs"), flags);
            nodes.add(node);
            node.awaitServing(WAIT);
        }
    }

    /** The agents' policy, as the nodes' flags. */
    private static Map<String, String> policy() {
        var policy = new HashMap<String, String>();
        policy.put("HEARTBEAT_INTERVAL_MS", "100");
        policy.put("HEARTBEAT_VOLATILE_MS", "1000");
        policy.put("LOSS_WINDOW_MS", "2000");
        policy.put("LOSS_VOLATILE_THRESHOLD", "1.0");
        policy.put("MAX_CONSECUTIVE_DROPS", "1000");
        policy.put("TRANSPORT_LOST_TTL_MS", "20000");
        policy.put("RECOVERY_WINDOW_MS", "20000");
        policy.put("SWITCH_COOLDOWN_MS", "0");
        policy.put("MAX_SWITCHES_PER_MIN", "600");
        policy.put("NODE_LEASE_MS", Long.toString(LEASE_MS));
        return policy;
    }

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        for (var node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** {@code AGENTS} agents, with every node's address, born round the nodes; data flowing. */
    private List<AgentFleet.RunningAgent> agents() throws Exception {
        var agents = new ArrayList<AgentFleet.RunningAgent>();
        for (int i = 0; i < AGENTS; i++) {
            var candidates = new ArrayList<Candidate>();
            for (int j = 0; j < 3; j++) {
                candidates.add(nodes.get((i + j) % 3).udp());
            }
            var agent = fleet.start("agent-" + i, candidates.toArray(Candidate[]::new));
            assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
            agents.add(agent);
        }
        fleet.sendContinuously(20);
        for (var agent : agents) {
            await().atMost(WAIT).until(() -> agent.received().get() > 0);
        }
        return agents;
    }

    private NodeProcess nodeOf(AgentFleet.RunningAgent agent) {
        var candidate = agent.candidate();
        return nodes.stream().filter(n -> n.udp().equals(candidate)).findFirst().orElseThrow();
    }

    private List<AgentFleet.RunningAgent> agentsAt(NodeProcess node, List<AgentFleet.RunningAgent> agents) {
        return agents.stream().filter(a -> nodeOf(a) == node).toList();
    }

    /** Every agent is attached at a node other than {@code gone}, and data flows to it again. */
    private void allContinueElsewhere(List<AgentFleet.RunningAgent> agents, NodeProcess gone) {
        for (var agent : agents) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(agent.agent().status().isAttached()).isTrue();
                assertThat(agent.candidate()).isNotEqualTo(gone.udp());
            });
            long before = agent.received().get();
            await().atMost(WAIT).until(() -> agent.received().get() > before);
            assertThat(agent.agent().status().end()).as(agent.name()).isEmpty();
        }
    }

    @Test
    void theAgentsOfAKilledNodeAreAttachedElsewhereWithinTwoNodeLeases() throws Exception {
        var agents = agents();
        var victim = nodes.stream()
                .max((a, b) -> Integer.compare(
                        agentsAt(a, agents).size(), agentsAt(b, agents).size()))
                .orElseThrow();
        var moved = agentsAt(victim, agents);
        assertThat(moved).isNotEmpty();

        victim.kill();
        run.killed(victim.id, "KILL");

        allContinueElsewhere(agents, victim);
        for (var agent : moved) {
            // From the moment the agent lost the dead node to its ACK elsewhere: within two node leases.
            var switched = agent.events().stream()
                    .filter(e -> e instanceof AgentEvent.TransportSwitched)
                    .map(e -> (AgentEvent.TransportSwitched) e)
                    .reduce((first, second) -> second)
                    .orElseThrow();
            assertThat(Duration.ofNanos(switched.recoveryNanos()))
                    .as(agent.name() + " recovered")
                    .isLessThanOrEqualTo(Duration.ofMillis(2 * LEASE_MS));
        }
        RunDirectory.assertSafe(run.check(AGENTS));
    }

    @Test
    void aNodePausedPastItsLeaseForwardsNothingForItsMovedSessionsWhenItResumes() throws Exception {
        var agents = agents();
        var paused = nodeOf(agents.getFirst());
        var moved = agentsAt(paused, agents);

        paused.pause();
        long pausedAt = System.nanoTime();
        allContinueElsewhere(agents, paused);
        // Well past the paused node's lease: every proof it had is over, and the agents' data is queued at its socket.
        Thread.sleep(2 * LEASE_MS);
        paused.resume();
        // It learns its lease is gone, registers again, finds its sessions taken and lets them go.
        await().atMost(WAIT).until(() -> lines(run.nodeHistory(paused.id)).stream()
                .anyMatch(line -> line.contains("\"event\":\"lease\"") && monoNs(line) > pausedAt));
        Thread.sleep(LEASE_MS);
        for (var agent : agents) {
            assertThat(agent.agent().status().end()).as(agent.name()).isEmpty();
        }

        var nodeLines = lines(run.nodeHistory(paused.id));
        for (var agent : moved) {
            var session = agent.sessionId();
            assertThat(nodeLines)
                    .as("the paused node's forward lines for " + session + " after the pause")
                    .noneMatch(line -> line.contains("\"event\":\"forward\"")
                            && line.contains(session)
                            && monoNs(line) > pausedAt);
        }
        // Nor did any agent accept a frame from it after it moved away.
        for (var agent : moved) {
            var agentLines = lines(run.agentHistory(agent.name()));
            assertThat(agentLines)
                    .noneMatch(line -> line.contains("\"event\":\"accept\"")
                            && line.contains("\"node\":\"" + paused.agentToken() + "\"")
                            && monoNs(line) > pausedAt);
        }
        RunDirectory.assertSafe(run.check(AGENTS));
    }

    @Test
    void aDrainedNodeHandsEverySessionToAnotherAndNoneIsTerminated() throws Exception {
        var agents = agents();
        var drained = nodeOf(agents.getFirst());

        drained.terminate();
        assertThat(drained.waitFor(Duration.ofSeconds(30)))
                .as("the drained node exits")
                .isTrue();
        allContinueElsewhere(agents, drained);
        for (var agent : agents) {
            assertThat(lines(run.agentHistory(agent.name()))).noneMatch(line -> line.contains("\"terminated\""));
        }
        assertThat(drained.log()).doesNotContain("Exception");
        RunDirectory.assertSafe(run.check(AGENTS));
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static long monoNs(String line) {
        try {
            return JSON.readTree(line).get("mono_ns").asLong();
        } catch (Exception e) {
            throw new AssertionError("not a history line: " + line, e);
        }
    }
}
