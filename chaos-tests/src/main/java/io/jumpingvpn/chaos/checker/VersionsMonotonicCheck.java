package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.AgentEventType;
import io.jumpingvpn.chaos.history.NodeEventType;
import io.jumpingvpn.chaos.history.OpType;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.SourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invariant 2: a session's {@code state_version} never goes down in any observer's view. The observers are each node
 * (its version lines; and, on their own, its bind lines), each agent (attached, state and terminated) and each runner
 * process (the versions of its ok results). A node's bind lines carry the attachment version, which rightly stays
 * behind the state version while the attachment lives: a node that resumes forwarding an attachment after a commit
 * that kept it (a reclaim after a partition, a thaw) binds at that attachment's version after writing the newer state
 * version. So a node's bindings are judged among themselves (the node never binds an attachment older than one it
 * bound before), not against its state versions. Forward and accept lines are not observations at all; they are
 * judged by {@link Invariant#NO_DUAL_ACTIVE}.
 */
final class VersionsMonotonicCheck {

    private record Observation(String observer, String session, long version, long monoNs, SourceRef at, String what) {}

    private final CheckContext context;
    private final Findings findings = new Findings(Invariant.VERSIONS_MONOTONIC);

    VersionsMonotonicCheck(CheckContext context) {
        this.context = context;
    }

    InvariantResult check() {
        var observations = new ArrayList<Observation>();
        for (var located : context.history().nodeEvents()) {
            var event = located.value();
            if (event.event() == NodeEventType.BIND || event.event() == NodeEventType.VERSION) {
                observations.add(new Observation(
                        event.event() == NodeEventType.BIND
                                ? "node " + event.node() + " (its bindings)"
                                : "node " + event.node(),
                        event.session().orElseThrow(),
                        event.version().orElseThrow(),
                        event.monoNs(),
                        located.at(),
                        event.event().json()));
            }
        }
        for (var located : context.history().agentEvents()) {
            var event = located.value();
            if (event.event() == AgentEventType.ATTACHED
                    || event.event() == AgentEventType.STATE
                    || event.event() == AgentEventType.TERMINATED) {
                event.version()
                        .ifPresent(version -> observations.add(new Observation(
                                "agent " + event.agent(),
                                event.session(),
                                version,
                                event.monoNs(),
                                located.at(),
                                event.event().json()
                                        + event.state()
                                                .map(state -> " " + state)
                                                .orElse(""))));
            }
        }
        for (var located : context.history().events()) {
            if (located.value() instanceof Operation op
                    && op.type() == OpType.OK
                    && op.session().isPresent()
                    && op.version().isPresent()) {
                observations.add(new Observation(
                        "process " + op.process(),
                        op.session().get(),
                        op.version().getAsLong(),
                        op.monoNs(),
                        located.at(),
                        op.op() + " ok"));
            }
        }
        observations.sort(Comparator.comparingLong(Observation::monoNs).thenComparing(Observation::at));
        regressions(observations);
        long observers =
                observations.stream().map(Observation::observer).distinct().count();
        long sessions =
                observations.stream().map(Observation::session).distinct().count();
        return findings.result(observations.size() + " version observations of " + sessions + " sessions by "
                + observers + " observers");
    }

    private void regressions(List<Observation> observations) {
        var peaks = new HashMap<String, Observation>();
        Map<String, Observation> firstDrop = new LinkedHashMap<>();
        Map<String, Observation> peakAtDrop = new HashMap<>();
        var counts = new HashMap<String, Integer>();
        for (var observation : observations) {
            var key = observation.observer() + "|" + observation.session();
            var peak = peaks.get(key);
            if (peak == null || observation.version() > peak.version()) {
                peaks.put(key, observation);
                continue;
            }
            if (observation.version() < peak.version()) {
                if (firstDrop.putIfAbsent(key, observation) == null) {
                    peakAtDrop.put(key, peak);
                }
                counts.merge(key, 1, Integer::sum);
            }
        }
        firstDrop.forEach((key, drop) -> {
            var peak = peakAtDrop.get(key);
            int more = counts.get(key) - 1;
            findings.violation(new Counterexample(
                    drop.observer() + " saw session " + drop.session() + " go from v" + peak.version() + " ("
                            + context.at(peak.monoNs()) + ") down to v" + drop.version() + " ("
                            + context.at(drop.monoNs()) + ")"
                            + (more > 0 ? "; " + more + " more lower versions after that" : ""),
                    Optional.of(drop.session()),
                    drop.monoNs(),
                    List.of(
                            Evidence.line(peak.at(), peak.monoNs(), peak.what() + " at v" + peak.version()),
                            Evidence.line(drop.at(), drop.monoNs(), drop.what() + " at v" + drop.version()))));
        });
    }
}
