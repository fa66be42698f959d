package io.jumpingvpn.chaos.checker;

import static io.jumpingvpn.chaos.testing.Handmade.allValid;
import static io.jumpingvpn.chaos.testing.Handmade.bare;
import static io.jumpingvpn.chaos.testing.Handmade.evidenceLines;
import static io.jumpingvpn.chaos.testing.Handmade.healthy;
import static io.jumpingvpn.chaos.testing.Handmade.invalid;
import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.ProcessExit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 1 on handmade histories: overlaps, stray forwards, kills, pauses, older bindings at the agent. */
class NoDualActiveUnitTests {

    @TempDir
    Path dir;

    @Test
    void twoNodesHoldingOneSessionAtOnceIsAViolationWithBothBindsAsEvidence() {
        var history = healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.bind(at(5_000), "n2", 2, "s1", 3))
                .node(NodeEvent.forward(at(6_000), "n1", 1, "s1", 1))
                .node(NodeEvent.unbind(at(8_000), "n1", 1, "s1", 1, "moved"));

        var verdict = invalid(history.check(), Invariant.NO_DUAL_ACTIVE, 1);

        var counterexample = verdict.counterexamples().getFirst();
        assertThat(counterexample.summary())
                .isEqualTo("session s1 was bound on n1 (v1) and n2 (v3) at once from +5.000 s (3.000 s)");
        assertThat(counterexample.session()).contains("s1");
        assertThat(counterexample.monoNs()).isEqualTo(at(5_000));
        assertThat(evidenceLines(dir, counterexample))
                .anySatisfy(line -> assertThat(line).contains("\"node\":\"n1\"", "\"event\":\"bind\""))
                .anySatisfy(line -> assertThat(line).contains("\"node\":\"n2\"", "\"event\":\"bind\""))
                .anySatisfy(line -> assertThat(line).contains("\"event\":\"unbind\"", "moved"))
                .anySatisfy(line -> assertThat(line).contains("\"event\":\"forward\""));
        assertThat(counterexample.evidence())
                .anySatisfy(evidence -> assertThat(evidence.text()).contains("n1 forwarded 1 sampled frame(s)"));
    }

    @Test
    void aHandOverWhereTheOldNodeUnbindsFirstIsValid() {
        var history = healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.unbind(at(5_000), "n1", 1, "s1", 1, "moved"))
                .node(NodeEvent.bind(at(5_000), "n2", 2, "s1", 3))
                .node(NodeEvent.bind(at(9_000), "n2", 2, "s1", 5)); // a NAT rebinding on the same node

        allValid(history.check());
    }

    @Test
    void aNodeForwardingAfterItsLeaseLapsedWhileAnotherHoldsTheSessionIsAViolation() {
        var history = bare(dir, 0)
                .leases("n1", 1, 0, 10_000) // the last proof is valid until 14.5 s
                .leases("n2", 2, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.forward(at(12_000), "n1", 1, "s1", 1)) // still proven: fine
                .node(NodeEvent.bind(at(15_000), "n2", 2, "s1", 2))
                .node(NodeEvent.forward(at(16_000), "n1", 1, "s1", 1))
                .node(NodeEvent.forward(at(16_100), "n1", 1, "s1", 1));

        var result = history.check();

        var counterexample =
                invalid(result, Invariant.NO_DUAL_ACTIVE, 1).counterexamples().getFirst();
        assertThat(counterexample.summary())
                .isEqualTo("n1 forwarded for session s1 at +16.000 s outside its own permission while n2 held it (v2)");
        assertThat(counterexample.evidence().getFirst().text()).contains("and 1 more sampled frames");
        assertThat(counterexample.evidence())
                .anySatisfy(evidence -> assertThat(evidence.text()).contains("lease proof lapsed at +14.500 s"));
        assertThat(evidenceLines(dir, counterexample))
                .anySatisfy(line -> assertThat(line).contains("\"event\":\"lease\"", "\"mono_ns\":" + at(10_000)));
    }

    @Test
    void aNodeKilledWithAnOpenBindFollowedByAnotherNodesBindIsValid() {
        var history = bare(dir, 0)
                .leases("n1", 1, 0, 4_000)
                .leases("n2", 2, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .add(FaultEvent.start(at(5_000), "kill-node", "n1", "f1"))
                .add(ProcessExit.ofNode(at(5_001), "n1", "KILL"))
                .node(NodeEvent.bind(at(5_500), "n2", 2, "s1", 2))
                .add(FaultEvent.end(at(8_000), "kill-node", "n1", "f1"), new Heal(at(8_000)))
                .leases("n1", 4, 8_000, 60_000);

        var result = history.check();

        allValid(result);
        assertThat(result.statistics().bindings()).anySatisfy(interval -> {
            assertThat(interval.node()).isEqualTo("n1");
            assertThat(interval.endMonoNs()).isEqualTo(at(5_001));
            assertThat(interval.endReason()).isEqualTo("process killed (KILL)");
        });
    }

    @Test
    void withoutTheKillTheSameHistoryOverlapsUntilTheLeaseLapses() {
        var history = bare(dir, 0)
                .leases("n1", 1, 0, 4_000)
                .leases("n2", 2, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.bind(at(5_500), "n2", 2, "s1", 2));

        var counterexample = invalid(history.check(), Invariant.NO_DUAL_ACTIVE, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary()).contains("from +5.500 s (3.000 s)"); // n1 proven until 8.5 s
    }

    @Test
    void aNodePausedPastItsLeaseHoldsNothingAfterTheLapse() {
        var history = bare(dir, 0)
                .leases("n1", 1, 0, 6_000) // proven until 10.5 s
                .leases("n2", 2, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.forward(at(6_400), "n1", 1, "s1", 1))
                .add(FaultEvent.start(at(6_500), "pause-node", "n1", "f1"))
                .node(NodeEvent.bind(at(10_500), "n2", 2, "s1", 2))
                .add(FaultEvent.end(at(14_000), "pause-node", "n1", "f1"), new Heal(at(14_000)))
                .node(NodeEvent.unbind(at(14_001), "n1", 1, "s1", 1, "lease-lost"))
                .leases("n1", 5, 14_002, 60_000);

        var result = history.check();

        allValid(result);
        assertThat(result.statistics().bindings())
                .anySatisfy(interval -> assertThat(interval.endReason()).isEqualTo("lease proof lapsed at +10.500 s"));
    }

    @Test
    void aTakeOverBeforeThePausedNodesLeaseLapsedIsAViolation() {
        var history = bare(dir, 0)
                .leases("n1", 1, 0, 6_000)
                .leases("n2", 2, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.bind(at(10_000), "n2", 2, "s1", 2));

        var counterexample = invalid(history.check(), Invariant.NO_DUAL_ACTIVE, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary()).endsWith("at once from +10.000 s (0.500 s)");
    }

    @Test
    void aBindWithoutALeaseProofGivesNoPermissionSoItsForwardsAreCaught() {
        var history = healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 9, "s1", 1)) // epoch 9 never proved a lease
                .node(NodeEvent.bind(at(1_500), "n2", 2, "s1", 3))
                .node(NodeEvent.forward(at(2_000), "n1", 9, "s1", 1));

        var result = history.check();

        var counterexample =
                invalid(result, Invariant.NO_DUAL_ACTIVE, 1).counterexamples().getFirst();
        assertThat(counterexample.summary()).startsWith("n1 forwarded for session s1 at +2.000 s outside");
        assertThat(result.statistics().bindings()).anySatisfy(interval -> assertThat(interval.endReason())
                .isEqualTo("no lease proof of epoch 9 covered the bind"));
    }

    @Test
    void aNodeThatWritesNoLeaseLinesIsBoundedOnlyByItsUnbinds() {
        var history = bare(dir, 0)
                .leases("n2", 2, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.bind(at(30_000), "n2", 2, "s1", 3));

        var verdict = invalid(history.check(), Invariant.NO_DUAL_ACTIVE, 1);

        assertThat(verdict.counterexamples().getFirst().summary())
                .endsWith("from +30.000 s (until the end of the history)");
        assertThat(verdict.checked())
                .endsWith("; no lease line from n1, so only unbinds and kills end their permissions");
    }

    @Test
    void forwardingWithoutProofWhileNobodyElseHoldsTheSessionIsNotedButNotDualActive() {
        var history = bare(dir, 0)
                .leases("n1", 1, 0, 10_000)
                .leases("n2", 2, 0, 60_000)
                .leases("n3", 3, 0, 60_000)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.forward(at(20_000), "n1", 1, "s1", 1));

        var result = history.check();

        allValid(result);
        assertThat(result.result(Invariant.NO_DUAL_ACTIVE).checked())
                .endsWith("; 1 forward samples outside the node's own permission while no other node held the session");
    }

    @Test
    void anAgentAcceptingAFrameFromAnOlderBindingIsAViolation() {
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.accept(at(1_100), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.attached(at(5_000), "agent-0", "s1", 3, "n2"))
                .agent(AgentEvent.rejectFrame(at(5_050), "agent-0", "s1", 1, "n1", "older binding"))
                .agent(AgentEvent.accept(at(5_100), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.accept(at(5_200), "agent-0", "s1", 3, "n2"));

        var result = history.check();

        var counterexample =
                invalid(result, Invariant.NO_DUAL_ACTIVE, 1).counterexamples().getFirst();
        assertThat(counterexample.summary())
                .isEqualTo("agent-0 accepted a frame of session s1 from an older binding (v1 from n1) at +5.100 s"
                        + " after it had attached at v3 via n2");
        assertThat(evidenceLines(dir, counterexample))
                .containsExactly(
                        HistoryDirLines.agentLine(at(5_000), "attached", 3, "n2"),
                        HistoryDirLines.agentLine(at(5_100), "accept", 1, "n1"));
    }

    /** The exact JSON the writer produces for the agent lines above. */
    private static final class HistoryDirLines {
        static String agentLine(long monoNs, String event, long version, String node) {
            return "{\"mono_ns\":" + monoNs + ",\"agent\":\"agent-0\",\"session\":\"s1\",\"event\":\"" + event
                    + "\",\"version\":" + version + ",\"node\":\"" + node + "\"}";
        }
    }
}
