package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A run directory as read: {@code run.json}, every line of every file that could be read, and every problem. Each
 * list is ordered by {@code mono_ns}, then by file and line, so that records written by several threads with a slight
 * delay still come in the order they happened.
 */
public record History(
        Path dir,
        Optional<Located<RunInfo>> run,
        List<Located<HistoryEvent>> events,
        List<Located<NodeEvent>> nodeEvents,
        List<Located<AgentEvent>> agentEvents,
        List<ReadProblem> problems) {

    public History {
        requireNonNull(dir, "dir");
        requireNonNull(run, "run");
        events = sorted(events, event -> event.monoNs());
        nodeEvents = sorted(nodeEvents, NodeEvent::monoNs);
        agentEvents = sorted(agentEvents, AgentEvent::monoNs);
        problems = List.copyOf(requireNonNull(problems, "problems"));
    }

    /** Whether every file and line was read. A history that is not fully readable cannot prove a run valid. */
    public boolean readable() {
        return problems.isEmpty();
    }

    private static <T> List<Located<T>> sorted(List<Located<T>> records, ToLongFunction<T> time) {
        requireNonNull(records, "records");
        Comparator<Located<T>> order = Comparator.<Located<T>>comparingLong(
                        located -> time.applyAsLong(located.value()))
                .thenComparing(Located::at);
        return records.stream().sorted(order).toList();
    }
}
