package io.jumpingvpn.chaos.checker;

import static io.jumpingvpn.chaos.testing.Handmade.allValid;
import static io.jumpingvpn.chaos.testing.Handmade.evidenceLines;
import static io.jumpingvpn.chaos.testing.Handmade.healthy;
import static io.jumpingvpn.chaos.testing.Handmade.invalid;
import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.OpType;
import io.jumpingvpn.chaos.history.Operation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 3 on handmade histories: one completion per invoke, codes on every fail, nothing left hanging. */
class DeterministicRejectionUnitTests {

    @TempDir
    Path dir;

    private static Operation reattach(double ms, long opId) {
        return Operation.invoke(at(ms), "agent-3", "reattach", opId)
                .withSession("s9")
                .withNode("n2")
                .withExpectedVersion(4);
    }

    @Test
    void everyOutcomeWithACodeAndOneCompletionEachIsValid() {
        var ok = reattach(1_000, 1);
        var fail = reattach(2_000, 2);
        var unknown = reattach(3_000, 3);
        var history = healthy(dir, 0)
                .add(ok, fail, unknown)
                .add(
                        ok.ok(at(1_005), 6),
                        fail.fail(at(2_005), "OWNERSHIP_CONFLICT"),
                        unknown.info(at(4_000), "timeout"));

        var result = history.check();

        allValid(result);
        assertThat(result.result(Invariant.DETERMINISTIC_REJECTION).checked())
                .isEqualTo("3 operations, 1 with an unknown outcome (info), 0 in flight at the end of the run");
        assertThat(result.statistics().byCode()).containsExactly(java.util.Map.entry("OWNERSHIP_CONFLICT", 1));
    }

    @Test
    void aFailWithoutACodeIsAViolation() {
        var invoke = reattach(1_000, 1);
        var history = healthy(dir, 0).add(invoke, invoke.completion(OpType.FAIL, at(1_005)));

        var result = history.check();

        var counterexample = invalid(result, Invariant.DETERMINISTIC_REJECTION, 1)
                .counterexamples()
                .getFirst();
        assertThat(counterexample.summary())
                .isEqualTo("agent-3#1 (reattach of s9 at n2) failed at +1.005 s without a reject code");
        assertThat(evidenceLines(dir, counterexample))
                .satisfiesExactly(
                        line -> assertThat(line).contains("\"kind\":\"invoke\""),
                        line -> assertThat(line).contains("\"kind\":\"fail\"").doesNotContain("code"));
        assertThat(result.statistics().byCode()).containsEntry(Statistics.NO_CODE, 1);
    }

    @Test
    void aFailWithACodeThatIsNoRejectCodeIsAViolation() {
        var invoke = reattach(1_000, 1);
        var history = healthy(dir, 0).add(invoke, invoke.fail(at(1_005), "RECOVERY_WINDOW_EXCEEDED"));

        assertThat(invalid(history.check(), Invariant.DETERMINISTIC_REJECTION, 1)
                        .counterexamples()
                        .getFirst()
                        .summary())
                .endsWith("with 'RECOVERY_WINDOW_EXCEEDED', which is not a reject code");
    }

    @Test
    void anInvokeWithoutCompletionIsAViolationUnlessItWasInFlightAtTheEnd() {
        var hanging = reattach(10_000, 1);
        var late = reattach(58_000, 2); // within the 5 s grace of the end at 60 s
        var history = healthy(dir, 0).add(hanging, late);

        var result = history.check();

        var verdict = invalid(result, Invariant.DETERMINISTIC_REJECTION, 1);
        assertThat(verdict.counterexamples().getFirst().summary())
                .isEqualTo("agent-3#1 (reattach of s9 at n2) invoked at +10.000 s never completed");
        assertThat(verdict.checked()).endsWith("1 in flight at the end of the run");
        assertThat(result.statistics().byOutcome()).containsEntry(Outcome.PENDING, 2);
    }

    @Test
    void twoCompletionsForOneInvokeAreAViolation() {
        var invoke = reattach(1_000, 1);
        var history = healthy(dir, 0).add(invoke, invoke.ok(at(1_005), 6), invoke.fail(at(1_006), "STALE_VERSION"));

        assertThat(invalid(history.check(), Invariant.DETERMINISTIC_REJECTION, 1)
                        .counterexamples()
                        .getFirst()
                        .summary())
                .isEqualTo("agent-3#1 was completed 2 times: an invoke has exactly one outcome");
    }

    @Test
    void aCompletionWithoutInvokeIsAViolation() {
        var history = healthy(dir, 0).add(reattach(1_000, 1).ok(at(1_005), 6));

        assertThat(invalid(history.check(), Invariant.DETERMINISTIC_REJECTION, 1)
                        .counterexamples()
                        .getFirst()
                        .summary())
                .isEqualTo("agent-3#1 completed (ok) at +1.005 s without ever being invoked");
    }

    @Test
    void aReusedOpIdAndACompletionBeforeItsInvokeAreViolations() {
        var first = reattach(1_000, 1);
        var again = reattach(2_000, 1);
        var backwards = reattach(5_000, 2);
        var history =
                healthy(dir, 0).add(first, again, first.ok(at(2_500), 6)).add(backwards, backwards.ok(at(4_000), 8));

        var verdict = invalid(history.check(), Invariant.DETERMINISTIC_REJECTION, 2);

        assertThat(verdict.counterexamples())
                .extracting(Counterexample::summary)
                .containsExactly(
                        "agent-3#1 was invoked 2 times: an op_id must be unique per process",
                        "agent-3#2 completed at +4.000 s, before it was invoked at +5.000 s");
    }
}
