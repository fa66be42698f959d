package io.jumpingvpn.chaos.checker;

import static io.jumpingvpn.chaos.testing.Handmade.allValid;
import static io.jumpingvpn.chaos.testing.Handmade.evidenceLines;
import static io.jumpingvpn.chaos.testing.Handmade.healthy;
import static io.jumpingvpn.chaos.testing.Handmade.invalid;
import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.SessionStateName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 2 on handmade histories: each observer on its own, repeats allowed, frames judged elsewhere. */
class VersionsMonotonicUnitTests {

    @TempDir
    Path dir;

    @Test
    void anAgentSeeingALowerVersionIsAViolation() {
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 5, "n1"))
                .agent(AgentEvent.attached(at(2_000), "agent-0", "s1", 5, "n1"))
                .agent(AgentEvent.attached(at(3_000), "agent-0", "s1", 3, "n2"))
                .agent(AgentEvent.state(at(3_500), "agent-0", "s1", SessionStateName.VOLATILE, 4));

        var counterexample = invalid(history.check(), Invariant.VERSIONS_MONOTONIC, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary())
                .isEqualTo("agent agent-0 saw session s1 go from v5 (+1.000 s) down to v3 (+3.000 s);"
                        + " 1 more lower versions after that");
        assertThat(evidenceLines(dir, counterexample))
                .satisfiesExactly(
                        peak -> assertThat(peak).contains("\"version\":5", "\"mono_ns\":" + at(1_000)),
                        drop -> assertThat(drop).contains("\"version\":3"));
    }

    @Test
    void aNodeSeeingALowerVersionIsAViolation() {
        var history = healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 4))
                .node(NodeEvent.version(at(2_000), "n1", 1, "s1", 6))
                .node(NodeEvent.version(at(3_000), "n1", 1, "s1", 2));

        var counterexample = invalid(history.check(), Invariant.VERSIONS_MONOTONIC, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary()).startsWith("node n1 saw session s1 go from v6 (+2.000 s) down to v2");
    }

    @Test
    void aRunnerProcessGettingALowerVersionBackIsAViolation() {
        var first = Operation.invoke(at(1_000), "agent-0", "reattach", 1).withSession("s1");
        var second = Operation.invoke(at(2_000), "agent-0", "reattach", 2).withSession("s1");
        var history = healthy(dir, 0).add(first, first.ok(at(1_010), 7), second, second.ok(at(2_010), 5));

        var counterexample = invalid(history.check(), Invariant.VERSIONS_MONOTONIC, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary()).startsWith("process agent-0 saw session s1 go from v7");
        assertThat(counterexample.evidence().get(1).text()).isEqualTo("reattach ok at v5");
    }

    @Test
    void observersAreJudgedEachOnTheirOwnAndRepeatsAreAllowed() {
        var history = healthy(dir, 1)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 5))
                .node(NodeEvent.version(at(1_500), "n1", 1, "s1", 5))
                // The agent learns of v3 after n1 saw v5: another observer, another view.
                .agent(AgentEvent.attached(at(2_000), "agent-0", "s1", 3, "n2"))
                .agent(AgentEvent.attached(at(4_000), "agent-0", "s1", 5, "n1"));

        allValid(history.check());
    }

    @Test
    void framesOfALiveAttachmentMayCarryAVersionBelowTheStateVersion() {
        var history = healthy(dir, 1)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 3))
                .node(NodeEvent.version(at(2_000), "n1", 1, "s1", 4)) // ATTACHED -> VOLATILE over the live transport
                .node(NodeEvent.forward(at(2_100), "n1", 1, "s1", 3))
                .agent(AgentEvent.attached(at(1_001), "agent-0", "s1", 3, "n1"))
                .agent(AgentEvent.state(at(2_001), "agent-0", "s1", SessionStateName.VOLATILE, 4))
                .agent(AgentEvent.accept(at(2_101), "agent-0", "s1", 3, "n1"));

        allValid(history.check());
    }

    @Test
    void aNodeResumingAnAttachmentAfterACommitThatKeptItBindsBelowItsStateVersion() {
        // A reclaim after a partition: the transfer commits v2, the link of attachment v1 is thawed.
        var history = healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.unbind(at(2_000), "n1", 1, "s1", 1, "lease-lost"))
                .node(NodeEvent.version(at(3_000), "n1", 2, "s1", 2))
                .node(NodeEvent.bind(at(3_001), "n1", 2, "s1", 1));

        allValid(history.check());
    }

    @Test
    void aNodeBindingAnAttachmentOlderThanOneItBoundBeforeIsAViolation() {
        var history = healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 5))
                .node(NodeEvent.unbind(at(2_000), "n1", 1, "s1", 5, "moved"))
                .node(NodeEvent.bind(at(3_000), "n1", 1, "s1", 3));

        var counterexample = invalid(history.check(), Invariant.VERSIONS_MONOTONIC, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary())
                .startsWith("node n1 (its bindings) saw session s1 go from v5 (+1.000 s) down to v3");
    }
}
