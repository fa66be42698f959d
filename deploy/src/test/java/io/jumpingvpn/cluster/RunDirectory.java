package io.jumpingvpn.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.ChaosCheck;
import io.jumpingvpn.chaos.CheckOutcome;
import io.jumpingvpn.chaos.checker.Invariant;
import io.jumpingvpn.chaos.history.HistoryEvent;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.history.ProcessExit;
import io.jumpingvpn.chaos.history.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chaos run directory that the cluster tests fill as a chaos runner would ({@code docs/chaos.md}): the nodes write
 * {@code nodes/<node>.jsonl} (their history files), the agents {@code agents/<agent>.jsonl}; the test adds
 * {@code run.json} and {@code history.jsonl} (process exits) and asks the chaos checker for its verdict.
 */
final class RunDirectory {

    final Path dir;
    private final List<String> nodes;
    private final long nodeLeaseMs;
    private final long livenessBoundMs;
    private final long startMonoNs = System.nanoTime();
    private final List<HistoryEvent> events = new ArrayList<>();

    RunDirectory(Path dir, List<String> nodes, long nodeLeaseMs, long livenessBoundMs) {
        this.dir = dir;
        this.nodes = List.copyOf(nodes);
        this.nodeLeaseMs = nodeLeaseMs;
        this.livenessBoundMs = livenessBoundMs;
        try {
            Files.createDirectories(dir.resolve(HistoryFiles.NODES));
            Files.createDirectories(dir.resolve(HistoryFiles.AGENTS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path nodeHistory(String node) {
        return HistoryFiles.nodeFile(dir, node);
    }

    Path agentHistory(String agent) {
        return HistoryFiles.agentFile(dir, agent);
    }

    /** A node process the test killed: its open bindings end here. */
    synchronized void killed(String node, String signal) {
        events.add(ProcessExit.ofNode(System.nanoTime(), node, signal));
    }

    /** Writes run.json and history.jsonl and runs the checker; {@code agents} agent processes ran. */
    CheckOutcome check(int agents) {
        try {
            var end = System.nanoTime();
            HistoryFiles.writeRun(
                    dir,
                    new RunInfo(
                            1,
                            nodes,
                            agents,
                            List.of(),
                            nodeLeaseMs,
                            livenessBoundMs,
                            RunInfo.DEFAULT_PENDING_GRACE_MS,
                            startMonoNs,
                            end,
                            "standalone",
                            Optional.empty()));
            try (var history = HistoryFiles.openHistory(dir)) {
                synchronized (this) {
                    for (var event : events) {
                        history.append(event);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ChaosCheck.check(dir);
    }

    /** The checker found no dual-active binding and no version regression, and read every line. */
    static void assertSafe(CheckOutcome outcome) {
        assertThat(outcome).isInstanceOf(CheckOutcome.Checked.class);
        var result = ((CheckOutcome.Checked) outcome).result();
        assertThat(result.readable()).withFailMessage(outcome.summary()).isTrue();
        assertThat(result.result(Invariant.NO_DUAL_ACTIVE).valid())
                .as(outcome.summary())
                .isTrue();
        assertThat(result.result(Invariant.VERSIONS_MONOTONIC).valid())
                .as(outcome.summary())
                .isTrue();
    }
}
