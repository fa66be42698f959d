package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.History;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.NodeEventType;
import io.jumpingvpn.chaos.history.ProcessExit;
import io.jumpingvpn.chaos.history.SourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** Builds every node's {@link PermissionInterval}s from its bind, unbind and lease lines and the runner's kills. */
final class PermissionIntervals {

    private record Open(long startMonoNs, long version, long epoch, SourceRef at) {}

    /** A node's own lines and the kills of its process, in one time line. */
    private sealed interface Step {
        long monoNs();

        SourceRef at();

        record Line(NodeEvent event, SourceRef at) implements Step {
            @Override
            public long monoNs() {
                return event.monoNs();
            }
        }

        record Exit(ProcessExit exit, SourceRef at) implements Step {
            @Override
            public long monoNs() {
                return exit.monoNs();
            }
        }
    }

    private PermissionIntervals() {}

    static List<PermissionInterval> build(History history, LeaseCoverage leases, Timebase time) {
        var steps = new LinkedHashMap<String, List<Step>>();
        for (var located : history.nodeEvents()) {
            var event = located.value();
            if (event.event() == NodeEventType.BIND || event.event() == NodeEventType.UNBIND) {
                steps.computeIfAbsent(event.node(), node -> new ArrayList<>()).add(new Step.Line(event, located.at()));
            }
        }
        for (var located : history.events()) {
            if (located.value() instanceof ProcessExit exit && exit.node().isPresent()) {
                steps.computeIfAbsent(exit.node().get(), node -> new ArrayList<>())
                        .add(new Step.Exit(exit, located.at()));
            }
        }
        var out = new ArrayList<PermissionInterval>();
        steps.forEach((node, nodeSteps) -> out.addAll(forNode(node, nodeSteps, leases, time)));
        return out;
    }

    private static List<PermissionInterval> forNode(
            String node, List<Step> steps, LeaseCoverage leases, Timebase time) {
        // At one instant a node's own lines come before its kill: it wrote them before it died.
        var ordered = steps.stream()
                .sorted(Comparator.comparingLong(Step::monoNs)
                        .thenComparing(step -> step instanceof Step.Exit ? 1 : 0)
                        .thenComparing(Step::at))
                .toList();
        var open = new HashMap<String, Open>();
        var out = new ArrayList<PermissionInterval>();
        for (var step : ordered) {
            switch (step) {
                case Step.Line(var event, var at) -> {
                    var session = event.session().orElseThrow();
                    var previous = open.remove(session);
                    if (event.event() == NodeEventType.BIND) {
                        if (previous != null) {
                            out.add(close(
                                    node,
                                    session,
                                    previous,
                                    event.monoNs(),
                                    "bound again at v" + event.version().orElseThrow(),
                                    Optional.of(at),
                                    leases,
                                    time));
                        }
                        open.put(
                                session,
                                new Open(event.monoNs(), event.version().orElseThrow(), event.epoch(), at));
                    } else if (previous != null) {
                        var reason = "unbind"
                                + event.reason().map(r -> " (" + r + ")").orElse("");
                        out.add(close(node, session, previous, event.monoNs(), reason, Optional.of(at), leases, time));
                    }
                }
                case Step.Exit(var exit, var at) -> {
                    var reason = "process killed"
                            + exit.signal().map(s -> " (" + s + ")").orElse("");
                    for (var entry : open.entrySet()) {
                        out.add(close(
                                node,
                                entry.getKey(),
                                entry.getValue(),
                                exit.monoNs(),
                                reason,
                                Optional.of(at),
                                leases,
                                time));
                    }
                    open.clear();
                }
            }
        }
        open.forEach((session, bind) -> out.add(close(
                node,
                session,
                bind,
                PermissionInterval.OPEN,
                "still bound when the history ends",
                Optional.empty(),
                leases,
                time)));
        return out;
    }

    private static PermissionInterval close(
            String node,
            String session,
            Open bind,
            long closedAt,
            String reason,
            Optional<SourceRef> closedBy,
            LeaseCoverage leases,
            Timebase time) {
        if (leases.recordsLeases(node)) {
            var lapse = leases.lapseAfter(node, bind.epoch(), bind.startMonoNs());
            if (lapse.atMonoNs() < closedAt) {
                var why = lapse.lastProof().isPresent()
                        ? "lease proof lapsed at " + time.at(lapse.atMonoNs())
                        : "no lease proof of epoch " + bind.epoch() + " covered the bind";
                return new PermissionInterval(
                        node,
                        session,
                        bind.epoch(),
                        bind.version(),
                        bind.startMonoNs(),
                        lapse.atMonoNs(),
                        bind.at(),
                        why,
                        lapse.lastProof());
            }
        }
        return new PermissionInterval(
                node, session, bind.epoch(), bind.version(), bind.startMonoNs(), closedAt, bind.at(), reason, closedBy);
    }
}
