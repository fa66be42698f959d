package io.jumpingvpn.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.agent.AgentEnd;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.agent.SwitchOutcome;
import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.AuditSchema;
import io.jumpingvpn.gateway.testing.HistoryLine;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.store.SessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sticky routing with real nodes on loopback (each with a store of its own, admin APIs on loopback) and real agents:
 * births stay at the node that owns them, a reattach at a non-owner is redirected to the owner, and a node joining the
 * cluster takes the sessions it now owns, handed over node to node while their agents follow the REDIRECT. The chaos
 * checker reads every node's and agent's history.
 */
class StickyRoutingIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private StickyCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anAgentThatReattachesAtANonOwnerIsRedirectedAndEndsUpAttachedAtTheOwner() throws Exception {
        cluster = new StickyCluster(temp, 3);
        for (int i = 0; i < 3; i++) {
            cluster.start(3);
        }
        var agents = new ArrayList<AgentFleet.RunningAgent>();
        for (int i = 0; i < 3; i++) {
            // Each agent tries a different node first, so that births happen at every node.
            agents.add(cluster.agent("agent-" + i, rotated(i)));
        }
        for (var agent : agents) {
            assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
            var session = agent.sessionId();
            var birthplace = cluster.at(agent.candidate());
            assertThat(cluster.owner(session, 3))
                    .as("a node gives only births it owns")
                    .isEqualTo(birthplace);
        }

        var agent = agents.getFirst();
        var session = agent.sessionId();
        var owner = cluster.owner(session, 3);
        var stranger =
                cluster.nodes.stream().filter(n -> n != owner).findFirst().orElseThrow();
        assertThat(agent.agent().switchTo(stranger.udp()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(SwitchOutcome.Started.class);

        await().atMost(WAIT).untilAsserted(() -> assertThat(agent.events()).anySatisfy(event -> assertThat(event)
                .isInstanceOfSatisfying(AgentEvent.Redirected.class, redirected -> {
                    assertThat(redirected.reason()).isEqualTo(RedirectReason.NOT_OWNER);
                    assertThat(redirected.target()).isEqualTo(owner.udp());
                })));
        await().atMost(WAIT).untilAsserted(() -> {
            var status = agent.agent().status();
            assertThat(status.isAttached()).isTrue();
            assertThat(status.candidate()).contains(owner.udp());
            assertThat(status.confirmedVersion()).isGreaterThan(1);
        });
        long before = agent.received().get();
        agent.send(new byte[] {5});
        await().atMost(WAIT).until(() -> agent.received().get() > before);

        assertThat(cluster.heldAt(session)).containsExactly(owner.id());
        assertThat(HistoryLine.of(Files.readAllLines(cluster.run.nodeHistory(stranger.id())), "bind", session))
                .as("the non-owner never binds the session")
                .isEmpty();
        assertThat(agent.agent().status().end()).isEmpty();
        RunDirectory.assertSafe(cluster.run.check(agents.size()));
    }

    @Test
    void whenANodeJoinsTheSessionsItNowOwnsMoveToItAndTheirAgentsFollowWithNothingTerminated() throws Exception {
        cluster = new StickyCluster(temp, 4);
        for (int i = 0; i < 3; i++) {
            cluster.start(3);
        }
        // Agents know the three nodes; the fourth they learn from the REDIRECT. Enough of them that at least three
        // sessions belong to the newcomer once it joins (about one in four does).
        var agents = new ArrayList<AgentFleet.RunningAgent>();
        var moving = new HashSet<String>();
        for (int i = 0; i < 30 && moving.size() < 3; i++) {
            var agent = cluster.agent("agent-" + i, rotated(i));
            assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
            agents.add(agent);
            if (cluster.ownerId(agent.sessionId(), 4).equals("n4")) {
                moving.add(agent.sessionId());
            }
        }
        assertThat(moving).hasSizeGreaterThanOrEqualTo(3);
        cluster.agents.sendContinuously(50);
        var placeBefore = new java.util.HashMap<String, Candidate>();
        agents.forEach(a -> placeBefore.put(a.sessionId(), a.candidate()));

        var newcomer = cluster.start(4);
        int moved = 0;
        for (int i = 0; i < 3; i++) {
            var node = cluster.node(i);
            var expected = agents.stream()
                    .map(AgentFleet.RunningAgent::sessionId)
                    .filter(s -> moving.contains(s)
                            && node.gateway().session(new SessionId(s)).isPresent())
                    .count();
            var response = cluster.setMembers(node, 4);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            var body = JSON.readTree(response.body());
            assertThat(body.get("members")).hasSize(4);
            assertThat(body.get("moved").asLong()).as(response.body()).isEqualTo(expected);
            body.get("outcomes").forEach(outcome -> {
                assertThat(outcome.get("result").asText()).isEqualTo("TRANSFERRED");
                assertThat(outcome.get("to").asText()).startsWith("n4@");
            });
            moved += (int) expected;
        }
        assertThat(moved).isEqualTo(moving.size());

        for (var agent : agents) {
            var session = agent.sessionId();
            var home = moving.contains(session) ? newcomer.udp() : placeBefore.get(session);
            await().atMost(WAIT).untilAsserted(() -> {
                var status = agent.agent().status();
                assertThat(status.isAttached()).as(agent.name()).isTrue();
                assertThat(status.candidate()).as(agent.name()).contains(home);
            });
        }
        for (var session : moving) {
            await().atMost(WAIT).until(() -> cluster.heldAt(session).equals(List.of("n4")));
            var source = cluster.at(placeBefore.get(session));
            assertThat(source.audit().events(AuditEventType.OWNERSHIP_CHANGE, session))
                    .as("the node that handed " + session + " over audited it")
                    .anySatisfy(e -> {
                        assertThat(e.reasonCode()).contains("MIGRATE");
                        assertThat(e.fields()).containsEntry("new_owner", "n4");
                    });
            assertThat(newcomer.audit().events(AuditEventType.ADMIN_ACTION, session))
                    .anySatisfy(e -> assertThat(e.fields()).containsEntry("action", "IMPORT"));
        }
        for (var agent : agents) {
            long before = agent.received().get();
            await(agent.name() + " still gets its echoes")
                    .atMost(WAIT)
                    .until(() -> agent.received().get() > before + 3);
            assertThat(agent.agent().status().end()).as(agent.name()).isEmpty();
            assertThat(agent.events()).noneMatch(e -> e instanceof AgentEvent.Terminated);
        }
        Set<String> all = new HashSet<>();
        for (var node : cluster.nodes) {
            node.gateway().sessions().forEach(view -> assertThat(
                            all.add(view.id().value()))
                    .as(view.id() + " is held by one node only")
                    .isTrue());
            assertThat(node.audit().events(AuditEventType.SESSION_TERMINATED)).isEmpty();
            for (var event : node.audit().events()) {
                assertThat(AuditSchema.problems(event)).as(event.toString()).isEmpty();
            }
        }
        assertThat(all).hasSize(agents.size());
        RunDirectory.assertSafe(cluster.run.check(agents.size()));
    }

    @Test
    void theAgentOfALostNodeIsToldSessionNotFoundByItsNewOwnerAndEndsWithAnExplicitCode() throws Exception {
        cluster = new StickyCluster(temp, 3);
        for (int i = 0; i < 3; i++) {
            cluster.start(3);
        }
        var lost = cluster.node(2);
        var agent = cluster.agent("agent-of-lost", rotated(2));
        assertThat(agent.agent().awaitAttached(WAIT)).isInstanceOf(AttachOutcome.Attached.class);
        assertThat(cluster.at(agent.candidate())).isEqualTo(lost);
        var session = agent.sessionId();

        // The node goes away with its sessions' records; the operator removes it from the others' lists.
        cluster.lose(lost);
        var survivors = cluster.members(3).subList(0, 2);
        for (int i = 0; i < 2; i++) {
            var response = cluster.setMembers(cluster.node(i), survivors);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        var end = agent.agent().ended().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(end).isInstanceOfSatisfying(AgentEnd.SessionTerminated.class, terminated -> {
            assertThat(terminated.sessionId()).isEqualTo(session);
            assertThat(terminated.code()).isEqualTo(TerminationCode.STORE_STATE_LOST);
        });
        var newOwner = cluster.owner(session, 2);
        assertThat(agent.events()).anySatisfy(event -> assertThat(event)
                .isInstanceOfSatisfying(AgentEvent.ReattachRejected.class, rejected -> {
                    assertThat(rejected.code()).isEqualTo(RejectCode.SESSION_NOT_FOUND);
                    assertThat(rejected.candidate()).isEqualTo(newOwner.udp());
                }));
        assertThat(cluster.heldAt(session)).isEmpty();
        RunDirectory.assertSafe(cluster.run.check(1));
    }

    /** The three first nodes, starting at the {@code i}-th. */
    private Candidate[] rotated(int i) {
        var candidates = new Candidate[3];
        for (int k = 0; k < 3; k++) {
            candidates[k] = cluster.node((i + k) % 3).udp();
        }
        return candidates;
    }
}
