package io.jumpingvpn.chaos.testing;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Checker;
import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.HistoryEvent;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.history.HistoryReader;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A history made by hand (or by {@link SimulatedRun}) and written to a directory with the real writers. Times are
 * given in milliseconds from the start of the run, which is {@link #T0} on the monotonic clock.
 */
public final class HistoryDir {

    /** The run starts at 1000 s of CLOCK_MONOTONIC, so that times before it still exist. */
    public static final long T0 = 1_000_000_000_000L;

    public static final long LEASE_MS = 5_000;
    public static final long BOUND_MS = 12_000;

    private final Path dir;
    private RunInfo run;
    private boolean written;
    public final List<HistoryEvent> events = new ArrayList<>();
    public final List<NodeEvent> nodeEvents = new ArrayList<>();
    public final List<AgentEvent> agentEvents = new ArrayList<>();

    public HistoryDir(Path dir) {
        this.dir = dir;
    }

    /** Monotonic nanoseconds of {@code ms} milliseconds after the start of the run. */
    public static long at(double ms) {
        return T0 + Math.round(ms * 1_000_000.0);
    }

    public static RunInfo run(List<String> nodes, int agents, double endMs) {
        return new RunInfo(
                42,
                nodes,
                agents,
                List.of("kill-node", "pause-node"),
                LEASE_MS,
                BOUND_MS,
                RunInfo.DEFAULT_PENDING_GRACE_MS,
                T0,
                at(endMs),
                "standalone",
                Optional.empty());
    }

    public HistoryDir run(RunInfo value) {
        this.run = value;
        return this;
    }

    public RunInfo run() {
        return run;
    }

    public HistoryDir add(HistoryEvent... values) {
        events.addAll(List.of(values));
        return this;
    }

    public HistoryDir node(NodeEvent... values) {
        nodeEvents.addAll(List.of(values));
        return this;
    }

    public HistoryDir agent(AgentEvent... values) {
        agentEvents.addAll(List.of(values));
        return this;
    }

    /** Lease renewals of {@code node} every second from {@code fromMs} to {@code toMs}, each valid for 4.5 s. */
    public HistoryDir leases(String node, long epoch, double fromMs, double toMs) {
        for (double t = fromMs; t <= toMs; t += 1_000) {
            nodeEvents.add(NodeEvent.lease(at(t), node, epoch, at(t + LEASE_MS - 500)));
        }
        return this;
    }

    public Path dir() {
        return dir;
    }

    /** Writes run.json, history.jsonl, one file per node of the run and one per agent. */
    public Path write() {
        if (written) {
            throw new IllegalStateException("the history files are appended to: write them once");
        }
        written = true;
        try {
            HistoryFiles.writeRun(dir, run);
            try (var history = HistoryFiles.openHistory(dir)) {
                for (var event : events) {
                    history.append(event);
                }
            }
            for (var node : run.nodes()) {
                try (var writer = HistoryFiles.openNode(dir, node)) {
                    for (var event : nodeEvents) {
                        if (event.node().equals(node)) {
                            writer.append(event);
                        }
                    }
                }
            }
            var agents = agentEvents.stream().map(AgentEvent::agent).distinct().toList();
            for (var agent : agents) {
                try (var writer = HistoryFiles.openAgent(dir, agent)) {
                    for (var event : agentEvents) {
                        if (event.agent().equals(agent)) {
                            writer.append(event);
                        }
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the history, reads it back and checks it. */
    public CheckResult check() {
        return new Checker().check(new HistoryReader().read(write()));
    }
}
