package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.nemesis.Nemesis;
import io.jumpingvpn.chaos.recording.Anomalies;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.chaos.workload.AgentFleet;
import io.jumpingvpn.chaos.workload.Racers;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One line about every second while a run goes on: elapsed time, operations by outcome, agents attached, the faults
 * active now, and violations so far (the runner's own obvious ones, and the safety violations the checker found in
 * the history at its last look).
 */
final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final long startNanos;
    private final RunHistory history;
    private final AgentFleet fleet;
    private final Racers racers;
    private final Nemesis nemesis;
    private final Anomalies anomalies;
    private final LiveCheck live;
    private final Thread thread;
    private volatile boolean stopped;

    Progress(
            PrintStream out,
            long startNanos,
            RunHistory history,
            AgentFleet fleet,
            Racers racers,
            Nemesis nemesis,
            Anomalies anomalies,
            LiveCheck live) {
        this.out = requireNonNull(out, "out");
        this.startNanos = startNanos;
        this.history = requireNonNull(history, "history");
        this.fleet = requireNonNull(fleet, "fleet");
        this.racers = requireNonNull(racers, "racers");
        this.nemesis = requireNonNull(nemesis, "nemesis");
        this.anomalies = requireNonNull(anomalies, "anomalies");
        this.live = requireNonNull(live, "live");
        this.thread = Thread.ofPlatform().daemon().name("chaos-progress").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            printNow();
        }
    }

    void printNow() {
        out.println(line());
    }

    String line() {
        long now = System.nanoTime();
        var ops = history.counts();
        var agents = fleet.counts();
        var faults = nemesis.activeFaults();
        long checkedAt = live.checkedAtNanos();
        return String.format(
                Locale.ROOT,
                "[+%5.1fs] ops %d (ok %d, fail %d, info %d, pending %d) | agents %d/%d attached, %d echoes | races %d,"
                        + " replays %d | faults: %s | violations: %d seen by the runner, %s",
                (now - startNanos) / 1e9,
                ops.invoked(),
                ops.ok(),
                ops.fail(),
                ops.info(),
                ops.pending(),
                agents.attached(),
                agents.size(),
                agents.echoes(),
                racers.counts().races(),
                racers.counts().replays(),
                faults.isEmpty() ? "none" : String.join(", ", faults),
                anomalies.total(),
                checkedAt < 0
                        ? "checker not run yet"
                        : live.violations() + " in the history (checked at +"
                                + String.format(Locale.ROOT, "%.0f", (checkedAt - startNanos) / 1e9) + "s)");
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
