package io.jumpingvpn.chaos.checker;

import static io.jumpingvpn.chaos.testing.Handmade.allValid;
import static io.jumpingvpn.chaos.testing.Handmade.healthy;
import static io.jumpingvpn.chaos.testing.Handmade.invalid;
import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.SessionStateName;
import io.jumpingvpn.chaos.testing.Handmade;
import io.jumpingvpn.chaos.testing.HistoryDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 5 on handmade histories: attached again within the bound after the last heal, or undecided. */
class LivenessAfterHealUnitTests {

    @TempDir
    Path dir;

    /** A partition from 5 s to 10 s; s1 loses its transport at 6 s. The bound is 12 s, so the deadline is 22 s. */
    private HistoryDir partitioned(double endMs) {
        return new HistoryDir(dir)
                .run(HistoryDir.run(Handmade.NODES, 1, endMs))
                .leases("n1", 1, 0, endMs)
                .leases("n2", 2, 0, endMs)
                .leases("n3", 3, 0, endMs)
                .add(FaultEvent.start(at(5_000), "partition-agents", "n1", "f1"))
                .add(FaultEvent.end(at(10_000), "partition-agents", "n1", "f1"), new Heal(at(10_000)))
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(6_000), "agent-0", "s1", SessionStateName.RECOVERING, 1));
    }

    @Test
    void aSessionAttachedAgainWithinTheBoundIsValid() {
        var history = partitioned(60_000).agent(AgentEvent.attached(at(21_000), "agent-0", "s1", 2, "n2"));

        allValid(history.check());
    }

    @Test
    void aSessionAttachedOnlyAfterTheBoundIsAViolation() {
        var history = partitioned(60_000).agent(AgentEvent.attached(at(25_000), "agent-0", "s1", 2, "n2"));

        var counterexample = invalid(history.check(), Invariant.LIVENESS_AFTER_HEAL, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary())
                .isEqualTo("session s1 (agent-0) was not attached between +10.000 s and +22.000 s (12000 ms after the"
                        + " last heal at +10.000 s (history.jsonl:3))");
        assertThat(counterexample.evidence())
                .extracting(Evidence::text)
                .containsExactly(
                        "last line before the deadline: state RECOVERING at v1",
                        "attached only at +25.000 s: attached at v2 via n2");
    }

    @Test
    void aSessionTerminatedWithinTheBoundNeedsNoReattach() {
        var history = partitioned(60_000)
                .agent(AgentEvent.terminated(at(14_000), "agent-0", "s1", "RECOVERY_WINDOW_EXCEEDED", 2));

        allValid(history.check());
    }

    @Test
    void aHistoryEndingBeforeTheBoundElapsedIsUndecided() {
        var history = partitioned(15_000).agent(AgentEvent.attached(at(11_000), "agent-0", "s1", 2, "n2"));

        var result = history.check();

        var verdict = result.result(Invariant.LIVENESS_AFTER_HEAL);
        assertThat(verdict.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict.unknowns())
                .singleElement()
                .asString()
                .startsWith("the history ends 5.000 s after the last heal at +10.000 s")
                .endsWith("the runner must leave at least that much quiet time");
        assertThat(result.valid()).isFalse();
    }

    @Test
    void faultsWithoutAHealOrAFaultAfterTheLastHealLeaveItUndecided() {
        var noHeal = healthy(dir.resolve("no-heal"), 1)
                .add(FaultEvent.start(at(5_000), "kill-redis", "redis", "f1"))
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"));
        var lateFault = healthy(dir.resolve("late-fault"), 1)
                .add(FaultEvent.start(at(5_000), "kill-redis", "redis", "f1"), new Heal(at(6_000)))
                .add(FaultEvent.start(at(7_000), "clock-skew", "n2", "f2"))
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"));

        assertThat(noHeal.check().result(Invariant.LIVENESS_AFTER_HEAL).unknowns())
                .singleElement()
                .asString()
                .contains("no heal was recorded");
        assertThat(lateFault.check().result(Invariant.LIVENESS_AFTER_HEAL).unknowns())
                .singleElement()
                .asString()
                .contains("clock-skew", "never followed by a heal");
    }

    @Test
    void withoutFaultsEverySessionMustBeAttachedWithinTheBoundOfItsFirstLine() {
        var history = healthy(dir, 2)
                .agent(AgentEvent.state(at(1_000), "agent-0", "s1", SessionStateName.BIRTH, 0))
                .agent(AgentEvent.attached(at(2_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(20_000), "agent-1", "s2", SessionStateName.BIRTH, 0))
                .agent(AgentEvent.attached(at(40_000), "agent-1", "s2", 1, "n1"));

        var counterexample = invalid(history.check(), Invariant.LIVENESS_AFTER_HEAL, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary())
                .startsWith("session s2 (agent-1) was not attached between +20.000 s and +32.000 s")
                .endsWith("after its first line)");
    }
}
