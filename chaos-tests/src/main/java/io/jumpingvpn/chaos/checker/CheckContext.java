package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.History;
import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.RunInfo;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What every invariant check needs: the history, the run description when it could be read, the time base, and when
 * the history ends ({@code end_mono_ns}, or the last record when run.json is unreadable).
 */
record CheckContext(History history, Optional<RunInfo> run, Timebase time, long endMonoNs) {

    CheckContext {
        requireNonNull(history, "history");
        requireNonNull(run, "run");
        requireNonNull(time, "time");
    }

    static CheckContext of(History history) {
        var run = history.run().map(Located::value);
        long origin = run.map(RunInfo::startMonoNs)
                .orElseGet(() -> times(history).min().orElse(0));
        long end =
                run.map(RunInfo::endMonoNs).orElseGet(() -> times(history).max().orElse(origin));
        return new CheckContext(history, run, new Timebase(origin), end);
    }

    private static LongStream times(History history) {
        return Stream.of(
                        history.events().stream().mapToLong(e -> e.value().monoNs()),
                        history.nodeEvents().stream().mapToLong(e -> e.value().monoNs()),
                        history.agentEvents().stream().mapToLong(e -> e.value().monoNs()))
                .flatMapToLong(stream -> stream);
    }

    /** The liveness bound in nanoseconds, when run.json says it. */
    Optional<Long> livenessBoundNs() {
        return run.map(info -> info.livenessBoundMs() * 1_000_000L);
    }

    String at(long monoNs) {
        return time.at(monoNs);
    }
}
