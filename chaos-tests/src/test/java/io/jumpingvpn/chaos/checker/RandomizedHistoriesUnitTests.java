package io.jumpingvpn.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.AgentEventType;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.NodeEventType;
import io.jumpingvpn.chaos.history.OpType;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.report.ReportText;
import io.jumpingvpn.chaos.testing.HistoryDir;
import io.jumpingvpn.chaos.testing.SimulatedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-style: histories of a correct cluster generated from seeds pass; one violation of each kind injected into
 * such a history is found by the invariant it breaks, and only by that one.
 */
class RandomizedHistoriesUnitTests {

    private static final int SEEDS = 10;

    @TempDir
    Path temp;

    @Test
    void correctClusterHistoriesPassForEverySeed() throws IOException {
        for (long seed = 1; seed <= SEEDS; seed++) {
            var result = generate(seed, "clean").check();
            assertThat(result.valid())
                    .as("seed %d:%n%s", seed, ReportText.render(result))
                    .isTrue();
            assertThat(result.statistics().faults()).containsKeys("kill-node", "pause-node");
            assertThat(result.statistics().byOutcome().get(Outcome.OK)).isGreaterThan(20);
        }
    }

    @Test
    void aSecondNodeBindingAHeldSessionIsFound() throws IOException {
        injectEverySeed("overlap", Invariant.NO_DUAL_ACTIVE, (history, random) -> {
            var first = history.nodeEvents.stream()
                    .filter(event -> event.event() == NodeEventType.BIND)
                    .findFirst()
                    .orElseThrow();
            var other = first.node().equals("n1") ? "n2" : "n1";
            long epoch = history.nodeEvents.stream()
                    .filter(event -> event.node().equals(other))
                    .findFirst()
                    .orElseThrow()
                    .epoch();
            var session = first.session().orElseThrow();
            history.node(NodeEvent.bind(
                    first.monoNs() + 1_000_000,
                    other,
                    epoch,
                    session,
                    first.version().orElseThrow()));
            return session;
        });
    }

    @Test
    void aPausedNodeForwardingAfterItsLeaseLapsedIsFound() throws IOException {
        injectEverySeed("stray-forward", Invariant.NO_DUAL_ACTIVE, (history, random) -> {
            var lost = history.nodeEvents.stream()
                    .filter(event -> event.event() == NodeEventType.UNBIND
                            && event.reason().orElse("").equals("lease-lost"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the simulated pause left no session behind"));
            var session = lost.session().orElseThrow();
            var takeover = history.nodeEvents.stream()
                    .filter(event -> event.event() == NodeEventType.BIND
                            && event.session().equals(lost.session())
                            && !event.node().equals(lost.node())
                            && event.monoNs() < lost.monoNs())
                    .reduce((a, b) -> b)
                    .orElseThrow();
            history.node(NodeEvent.forward(
                    takeover.monoNs() + 10_000_000,
                    lost.node(),
                    lost.epoch(),
                    session,
                    lost.version().orElseThrow()));
            return session;
        });
    }

    @Test
    void anAgentAcceptingAFrameOfAnOlderBindingIsFound() throws IOException {
        injectEverySeed("older-binding", Invariant.NO_DUAL_ACTIVE, (history, random) -> {
            var reattached = laterAttach(history, random);
            var earlier = history.agentEvents.stream()
                    .filter(event -> event.event() == AgentEventType.ATTACHED
                            && event.session().equals(reattached.session())
                            && event.monoNs() < reattached.monoNs())
                    .reduce((a, b) -> b)
                    .orElseThrow();
            history.agent(AgentEvent.accept(
                    reattached.monoNs() + 30_000_000,
                    reattached.agent(),
                    reattached.session(),
                    earlier.version().orElseThrow(),
                    earlier.node().orElseThrow()));
            return reattached.session();
        });
    }

    @Test
    void aVersionGoingDownAtAnAgentIsFound() throws IOException {
        injectEverySeed("regression", Invariant.VERSIONS_MONOTONIC, (history, random) -> {
            var reattached = laterAttach(history, random);
            history.agent(AgentEvent.attached(
                    reattached.monoNs() + 20_000_000,
                    reattached.agent(),
                    reattached.session(),
                    reattached.version().orElseThrow() - 1,
                    reattached.node().orElseThrow()));
            return reattached.session();
        });
    }

    @Test
    void anOperationLeftWithoutCompletionIsFound() throws IOException {
        injectEverySeed("pending", Invariant.DETERMINISTIC_REJECTION, (history, random) -> {
            var completions = history.events.stream()
                    .filter(event -> event instanceof Operation op && op.type() == OpType.OK)
                    .map(Operation.class::cast)
                    .toList();
            var removed = completions.get(random.nextInt(completions.size()));
            history.events.remove(removed);
            return removed.session().orElseThrow();
        });
    }

    @Test
    void aFailWithoutACodeIsFound() throws IOException {
        injectEverySeed("no-code", Invariant.DETERMINISTIC_REJECTION, (history, random) -> {
            var fail = history.events.stream()
                    .filter(event -> event instanceof Operation op && op.type() == OpType.FAIL)
                    .map(Operation.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the simulation produced no fail"));
            history.events.set(
                    history.events.indexOf(fail),
                    new Operation(
                            fail.monoNs(),
                            fail.type(),
                            fail.process(),
                            fail.op(),
                            fail.opId(),
                            fail.session(),
                            fail.node(),
                            fail.expectedVersion(),
                            fail.version(),
                            Optional.empty(),
                            fail.detail()));
            return fail.session().orElseThrow();
        });
    }

    @Test
    void aSessionResumedAfterItsTerminationIsFound() throws IOException {
        injectEverySeed("resumed", Invariant.EXPLICIT_TERMINATION, (history, random) -> {
            var terminated = history.agentEvents.stream()
                    .filter(event -> event.event() == AgentEventType.TERMINATED)
                    .findFirst()
                    .orElseThrow();
            var lastAttach = history.agentEvents.stream()
                    .filter(event -> event.event() == AgentEventType.ATTACHED
                            && event.session().equals(terminated.session()))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            history.agent(AgentEvent.accept(
                    terminated.monoNs() + 10_000_000,
                    terminated.agent(),
                    terminated.session(),
                    lastAttach.version().orElseThrow(),
                    lastAttach.node().orElseThrow()));
            return terminated.session();
        });
    }

    @Test
    void aSessionNotAttachedAgainAfterTheHealIsFound() throws IOException {
        injectEverySeed("not-live", Invariant.LIVENESS_AFTER_HEAL, (history, random) -> {
            long heal = history.events.stream()
                    .filter(Heal.class::isInstance)
                    .mapToLong(event -> event.monoNs())
                    .max()
                    .orElseThrow();
            var alive = history.agentEvents.stream()
                    .filter(event -> event.monoNs() > heal && event.event() == AgentEventType.ACCEPT)
                    .map(AgentEvent::session)
                    .distinct()
                    .toList();
            var session = alive.get(random.nextInt(alive.size()));
            history.agentEvents.removeIf(event -> event.session().equals(session) && event.monoNs() >= heal);
            return session;
        });
    }

    /** An attached line at a version above the session's first one (a reattach), picked at random. */
    private static AgentEvent laterAttach(HistoryDir history, Random random) {
        var candidates = history.agentEvents.stream()
                .filter(event -> event.event() == AgentEventType.ATTACHED
                        && event.version().orElseThrow() >= 3)
                .toList();
        assertThat(candidates).as("the simulation produced reattaches").isNotEmpty();
        return candidates.get(random.nextInt(candidates.size()));
    }

    private interface Injection {
        /** Changes the history and returns the session the violation is about. */
        String inject(HistoryDir history, Random random);
    }

    private void injectEverySeed(String name, Invariant broken, Injection injection) throws IOException {
        for (long seed = 1; seed <= SEEDS; seed++) {
            injectOnce(seed, name, broken, injection);
        }
    }

    private void injectOnce(long seed, String name, Invariant broken, Injection injection) throws IOException {
        var history = generate(seed, name);
        var session = injection.inject(history, new Random(seed * 31));
        var result = history.check();
        var report = ReportText.render(result);
        assertThat(result.valid()).as("seed %d", seed).isFalse();
        var verdict = result.result(broken);
        assertThat(verdict.verdict()).as("seed %d:%n%s", seed, report).isEqualTo(Verdict.INVALID);
        assertThat(verdict.counterexamples()).as("seed %d", seed).anySatisfy(counterexample -> {
            assertThat(counterexample.session()).contains(session);
            assertThat(counterexample.evidence()).isNotEmpty();
            assertThat(counterexample.evidence().getFirst().at()).isPresent();
        });
        for (var invariant : Invariant.values()) {
            if (invariant != broken) {
                assertThat(result.result(invariant).verdict())
                        .as("seed %d, %s:%n%s", seed, invariant.key(), report)
                        .isEqualTo(Verdict.VALID);
            }
        }
    }

    private HistoryDir generate(long seed, String name) throws IOException {
        return SimulatedRun.generate(seed, Files.createDirectories(temp.resolve(name + "-" + seed)));
    }
}
