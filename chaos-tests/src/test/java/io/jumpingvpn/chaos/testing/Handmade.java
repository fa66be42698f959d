package io.jumpingvpn.chaos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Counterexample;
import io.jumpingvpn.chaos.checker.Invariant;
import io.jumpingvpn.chaos.checker.InvariantResult;
import io.jumpingvpn.chaos.checker.Verdict;
import io.jumpingvpn.chaos.history.SourceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shortcuts for handmade histories and for asserting on what the checker says about them. */
public final class Handmade {

    public static final List<String> NODES = List.of("n1", "n2", "n3");

    private Handmade() {}

    /** Three nodes n1, n2, n3 (epochs 1, 2, 3), a run of 60 s, no lease lines yet. */
    public static HistoryDir bare(Path dir, int agents) {
        return new HistoryDir(dir).run(HistoryDir.run(NODES, agents, 60_000));
    }

    /** {@link #bare} with every node renewing its lease for the whole run. */
    public static HistoryDir healthy(Path dir, int agents) {
        var history = bare(dir, agents);
        for (int i = 0; i < NODES.size(); i++) {
            history.leases(NODES.get(i), i + 1, 0, 60_000);
        }
        return history;
    }

    /** The single verdict on {@code invariant}, asserting that it is invalid with exactly {@code count} counterexamples. */
    public static InvariantResult invalid(CheckResult result, Invariant invariant, int count) {
        var verdict = result.result(invariant);
        assertThat(verdict.verdict()).as("%s: %s", invariant.key(), verdict).isEqualTo(Verdict.INVALID);
        assertThat(verdict.counterexampleCount())
                .as("%s: %s", invariant.key(), verdict)
                .isEqualTo(count);
        assertThat(result.valid()).isFalse();
        return verdict;
    }

    public static void allValid(CheckResult result) {
        for (var verdict : result.invariants()) {
            assertThat(verdict.verdict())
                    .as("%s: %s", verdict.invariant().key(), verdict)
                    .isEqualTo(Verdict.VALID);
        }
        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
    }

    /** The text of the line a reference points at, so a test can see that the reference is exact. */
    public static String lineAt(Path dir, SourceRef ref) {
        try {
            var lines = Files.readAllLines(dir.resolve(ref.file()));
            assertThat(ref.line()).as("%s", ref).isBetween(1L, (long) lines.size());
            return lines.get((int) ref.line() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines every piece of evidence of {@code counterexample} points at. */
    public static List<String> evidenceLines(Path dir, Counterexample counterexample) {
        return counterexample.evidence().stream()
                .filter(evidence -> evidence.at().isPresent())
                .map(evidence -> lineAt(dir, evidence.at().get()))
                .toList();
    }
}
