package io.jumpingvpn.chaos.checker;

import static io.jumpingvpn.chaos.testing.Handmade.allValid;
import static io.jumpingvpn.chaos.testing.Handmade.evidenceLines;
import static io.jumpingvpn.chaos.testing.Handmade.healthy;
import static io.jumpingvpn.chaos.testing.Handmade.invalid;
import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.AgentEventType;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.SessionStateName;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 4 on handmade histories: a code at the end, never resumed, never left hanging. */
class ExplicitTerminationUnitTests {

    @TempDir
    Path dir;

    @Test
    void aSessionEndingWithATerminationCodeOrAttachedIsValid() {
        var history = healthy(dir, 2)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(5_000), "agent-0", "s1", SessionStateName.RECOVERING, 1))
                .agent(AgentEvent.terminated(at(13_000), "agent-0", "s1", "RECOVERY_WINDOW_EXCEEDED", 2))
                .agent(AgentEvent.rejectFrame(at(13_100), "agent-0", "s1", 1, "n1", "terminated"))
                .agent(AgentEvent.attached(at(1_000), "agent-1", "s2", 1, "n2"))
                .agent(AgentEvent.state(at(3_000), "agent-1", "s2", SessionStateName.DEGRADED, 2));

        allValid(history.check());
    }

    @Test
    void aSessionResumedAfterItsTerminationIsAViolation() {
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.terminated(at(5_000), "agent-0", "s1", "OWNERSHIP_UNPROVEN", 2))
                .agent(AgentEvent.attached(at(6_000), "agent-0", "s1", 4, "n2"))
                .agent(AgentEvent.accept(at(6_100), "agent-0", "s1", 4, "n2"));

        var counterexample = invalid(history.check(), Invariant.EXPLICIT_TERMINATION, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary())
                .isEqualTo("session s1 was terminated at +5.000 s but agent-0 resumed it at +6.000 s"
                        + " (attached at v4 via n2); 1 more lines after that");
        assertThat(evidenceLines(dir, counterexample))
                .satisfiesExactly(
                        line -> assertThat(line).contains("\"event\":\"terminated\""),
                        line -> assertThat(line).contains("\"event\":\"attached\"", "\"version\":4"));
    }

    @Test
    void aTerminationWithoutACodeOrWithAnUnknownCodeIsAViolation() {
        var history = healthy(dir, 2)
                .agent(new AgentEvent(
                        at(2_000),
                        "agent-0",
                        "s1",
                        AgentEventType.TERMINATED,
                        OptionalLong.of(2),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .agent(AgentEvent.terminated(at(3_000), "agent-1", "s2", "STALE_VERSION", 2));

        var verdict = invalid(history.check(), Invariant.EXPLICIT_TERMINATION, 2);

        assertThat(verdict.counterexamples())
                .extracting(Counterexample::summary)
                .containsExactly(
                        "agent-0 terminated session s1 at +2.000 s without a termination code",
                        "agent-1 terminated session s2 at +3.000 s with 'STALE_VERSION', which is not a termination"
                                + " code");
    }

    @Test
    void aSessionLeftRecoveringLongerThanTheBoundIsAViolation() {
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(20_000), "agent-0", "s1", SessionStateName.RECOVERING, 1));

        var counterexample = invalid(history.check(), Invariant.EXPLICIT_TERMINATION, 1)
                .counterexamples()
                .getFirst();

        assertThat(counterexample.summary())
                .isEqualTo("session s1 (agent-0) was in RECOVERING from +20.000 s until the history ended 40.000 s"
                        + " later, neither attached nor terminated with a code");
    }

    @Test
    void aSessionThatJustStartedRecoveringWhenTheHistoryEndsIsUndecided() {
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(55_000), "agent-0", "s1", SessionStateName.RECOVERING, 1));

        var result = history.check();

        var verdict = result.result(Invariant.EXPLICIT_TERMINATION);
        assertThat(verdict.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict.unknowns()).singleElement().asString().contains("s1", "RECOVERING", "5.000 s");
        assertThat(result.valid()).isFalse();
    }

    @Test
    void aTerminatedStateWithoutATerminatedLineIsAViolation() {
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(2_000), "agent-0", "s1", SessionStateName.TERMINATED, 2));

        assertThat(invalid(history.check(), Invariant.EXPLICIT_TERMINATION, 1)
                        .counterexamples()
                        .getFirst()
                        .summary())
                .isEqualTo("agent-0 moved session s1 to TERMINATED at +2.000 s without a terminated line carrying"
                        + " its code");
    }

    @Test
    void aReattachThatSucceedsAfterTheTerminationIsAViolation() {
        var reattach = Operation.invoke(at(6_000), "agent-0", "reattach", 7)
                .withSession("s1")
                .withNode("n3")
                .withExpectedVersion(2);
        var history = healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.terminated(at(5_000), "agent-0", "s1", "STORE_STATE_LOST", 2))
                .add(reattach, reattach.ok(at(6_010), 4));

        assertThat(invalid(history.check(), Invariant.EXPLICIT_TERMINATION, 1)
                        .counterexamples()
                        .getFirst()
                        .summary())
                .isEqualTo("session s1 was terminated at +5.000 s but a later reattach by agent-0 succeeded at"
                        + " +6.010 s");
    }
}
