package io.jumpingvpn.deploy.bench.cluster.failure;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.SwitchOutcome;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.wire.Candidate;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Brings the fleet to the node that is going to fail, and waits until every agent is attached there with its probes
 * echoing. Every agent lists that node first, but on a small, busy machine a cold node can answer a handshake later
 * than HEARTBEAT_VOLATILE_MS (the agent is then born at the next node), and a busy node can miss a heartbeat answer by
 * that much (the agent then moves on): the measurement is only about sessions of the failed node, so such agents are
 * switched back, with the agent's own {@link Agent#switchTo}, before the failure.
 */
final class FleetSettler {

    /** How long an agent asked to switch back gets before it is asked again. */
    private static final long ASK_AGAIN_NANOS = Duration.ofSeconds(3).toNanos();

    private static final long SWITCH_ANSWER_MS = 5_000;

    private final List<Agent> agents;
    private final Candidate home;
    private final RecoveryTracker tracker;
    private final PrintStream progress;
    private final long[] askedAt;
    private int switched;

    private FleetSettler(List<Agent> agents, Candidate home, RecoveryTracker tracker, PrintStream progress) {
        this.agents = List.copyOf(agents);
        this.home = requireNonNull(home, "home");
        this.tracker = requireNonNull(tracker, "tracker");
        this.progress = requireNonNull(progress, "progress");
        this.askedAt = new long[this.agents.size()];
    }

    /**
     * Waits at most {@code timeout} until every agent is attached at {@code home} and has had a probe echoed, switching
     * back those attached elsewhere; returns how many switches back were started. Stops the benchmark with one line
     * when the fleet did not settle in time.
     */
    static int settle(
            List<Agent> agents, Candidate home, RecoveryTracker tracker, Duration timeout, PrintStream progress)
            throws InterruptedException {
        return new FleetSettler(agents, home, tracker, progress).run(timeout);
    }

    /** How many agents are not attached at {@code home} now (recovering, ended, or attached elsewhere). */
    static int away(List<Agent> agents, Candidate home) {
        int away = 0;
        for (var agent : agents) {
            var status = agent.status();
            if (!status.isAttached() || !status.candidate().equals(Optional.of(home))) {
                away++;
            }
        }
        return away;
    }

    private int run(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int away = 0;
            int silent = 0;
            long now = System.nanoTime();
            for (int i = 0; i < agents.size(); i++) {
                var status = agents.get(i).status();
                boolean atHome = status.isAttached() && status.candidate().equals(Optional.of(home));
                if (!atHome) {
                    away++;
                    if (status.isAttached() && (askedAt[i] == 0 || now - askedAt[i] >= ASK_AGAIN_NANOS)) {
                        askedAt[i] = now;
                        askBack(i);
                    }
                } else if (tracker.echoes(i) == 0) {
                    silent++;
                }
            }
            if (away == 0 && silent == 0) {
                if (switched > 0) {
                    progress.printf("  %d agent(s) switched back to the first node before the failure%n", switched);
                }
                progress.println("  every agent is attached at the first node and its probes echo");
                return switched;
            }
            if (now - deadline > 0) {
                throw new UserError(away + " agent(s) not attached at the first node and " + silent
                        + " without an echoed probe after " + timeout.toSeconds()
                        + " s; the machine may be too busy for these heartbeat settings");
            }
            Thread.sleep(100);
        }
    }

    private void askBack(int index) throws InterruptedException {
        try {
            var outcome = agents.get(index).switchTo(home).get(SWITCH_ANSWER_MS, TimeUnit.MILLISECONDS);
            if (outcome instanceof SwitchOutcome.Started) {
                switched++;
            }
        } catch (ExecutionException | TimeoutException e) {
            // The agent's loop did not answer; it is asked again after ASK_AGAIN_NANOS.
        }
    }
}
