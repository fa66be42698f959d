package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.AgentEventType;
import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.NodeEventType;
import io.jumpingvpn.chaos.history.SourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invariant 1: at no instant do two nodes hold a session's forwarding permission; a node that forwards outside its own
 * permission while another node holds one is caught by its forward samples; an agent never accepts a frame from a
 * binding older than the latest it accepted or attached at.
 */
final class NoDualActiveCheck {

    private final CheckContext context;
    private final List<PermissionInterval> intervals;
    private final LeaseCoverage leases;
    private final Findings findings = new Findings(Invariant.NO_DUAL_ACTIVE);
    private final Map<String, List<PermissionInterval>> bySession = new HashMap<>();
    private final Map<String, List<PermissionInterval>> byNodeSession = new HashMap<>();
    private final Map<String, List<Located<NodeEvent>>> forwards = new HashMap<>();

    NoDualActiveCheck(CheckContext context, List<PermissionInterval> intervals, LeaseCoverage leases) {
        this.context = context;
        this.intervals = intervals;
        this.leases = leases;
        var byStart = Comparator.comparingLong(PermissionInterval::startMonoNs);
        for (var interval : intervals) {
            if (interval.isEmpty()) {
                continue;
            }
            bySession
                    .computeIfAbsent(interval.session(), s -> new ArrayList<>())
                    .add(interval);
            byNodeSession
                    .computeIfAbsent(key(interval.node(), interval.session()), k -> new ArrayList<>())
                    .add(interval);
        }
        bySession.values().forEach(list -> list.sort(byStart));
        byNodeSession.values().forEach(list -> list.sort(byStart));
        for (var located : context.history().nodeEvents()) {
            var event = located.value();
            if (event.event() == NodeEventType.FORWARD) {
                forwards.computeIfAbsent(key(event.node(), event.session().orElseThrow()), k -> new ArrayList<>())
                        .add(located);
            }
        }
    }

    InvariantResult check() {
        bySession.forEach(this::overlaps);
        int unprovenAlone = forwardsOutsidePermission();
        int accepts = acceptsFromOlderBindings();
        var nodes = intervals.stream()
                .map(PermissionInterval::node)
                .distinct()
                .sorted()
                .toList();
        int samples = forwards.values().stream().mapToInt(List::size).sum();
        var checked = new StringBuilder()
                .append(intervals.size())
                .append(" binding intervals of ")
                .append(bySession.size())
                .append(" sessions on ")
                .append(nodes.size())
                .append(" nodes, ")
                .append(samples)
                .append(" forward samples, ")
                .append(accepts)
                .append(" accepted frames");
        if (unprovenAlone > 0) {
            // Not dual-active (nobody else held the session), but worth a look: forwarding without proof.
            checked.append("; ")
                    .append(unprovenAlone)
                    .append(" forward samples outside the node's own permission while no other node held the session");
        }
        var unbounded =
                nodes.stream().filter(node -> !leases.recordsLeases(node)).toList();
        if (!unbounded.isEmpty()) {
            checked.append("; no lease line from ")
                    .append(String.join(", ", unbounded))
                    .append(", so only unbinds and kills end their permissions");
        }
        return findings.result(checked.toString());
    }

    private void overlaps(String session, List<PermissionInterval> sorted) {
        var active = new ArrayList<PermissionInterval>();
        for (var interval : sorted) {
            active.removeIf(other -> other.endMonoNs() <= interval.startMonoNs());
            for (var other : active) {
                if (!other.node().equals(interval.node())) {
                    overlap(session, other, interval);
                }
            }
            active.add(interval);
        }
    }

    private void overlap(String session, PermissionInterval first, PermissionInterval second) {
        long from = second.startMonoNs();
        long to = Math.min(first.endMonoNs(), second.endMonoNs());
        var length = to >= context.endMonoNs() ? "until the end of the history" : Timebase.seconds(to - from);
        var evidence = new ArrayList<Evidence>();
        for (var interval : List.of(first, second)) {
            evidence.add(Evidence.line(interval.startAt(), interval.startMonoNs(), describe(interval)));
            interval.endAt()
                    .ifPresent(at -> evidence.add(Evidence.line(
                            at,
                            interval.endMonoNs() == PermissionInterval.OPEN
                                    ? interval.startMonoNs()
                                    : interval.endMonoNs(),
                            interval.node() + "'s permission ended: " + interval.endReason())));
        }
        for (var interval : List.of(first, second)) {
            var inOverlap = forwardsBetween(interval.node(), session, from, to);
            if (!inOverlap.isEmpty()) {
                var firstForward = inOverlap.getFirst();
                evidence.add(Evidence.line(
                        firstForward.at(),
                        firstForward.value().monoNs(),
                        interval.node() + " forwarded " + inOverlap.size() + " sampled frame(s) during the overlap,"
                                + " the first at v"
                                + firstForward.value().version().orElseThrow()));
            }
        }
        findings.violation(new Counterexample(
                "session " + session + " was bound on " + first.node() + " (v" + first.version() + ") and "
                        + second.node() + " (v" + second.version() + ") at once from " + context.at(from) + " ("
                        + length + ")",
                Optional.of(session),
                from,
                evidence));
    }

    private List<Located<NodeEvent>> forwardsBetween(String node, String session, long from, long to) {
        var list = forwards.getOrDefault(key(node, session), List.of());
        var out = new ArrayList<Located<NodeEvent>>();
        for (var located : list) {
            long time = located.value().monoNs();
            if (time >= from && time < to) {
                out.add(located);
            }
        }
        return out;
    }

    /** One counterexample per run of forwards by one node against one other node's permission. */
    private record Straying(Located<NodeEvent> first, Optional<PermissionInterval> own, PermissionInterval holder) {}

    /** Reports forwards outside the node's own permission while another node held one; returns how many had none. */
    private int forwardsOutsidePermission() {
        int alone = 0;
        var grouped = new LinkedHashMap<String, Straying>();
        var counts = new HashMap<String, Integer>();
        for (var entry : forwards.entrySet()) {
            var nodeSession = entry.getKey();
            for (var located : entry.getValue()) {
                var event = located.value();
                var session = event.session().orElseThrow();
                long time = event.monoNs();
                var own = latestStartingBy(byNodeSession.getOrDefault(nodeSession, List.of()), time);
                if (own.isPresent() && own.get().contains(time)) {
                    continue;
                }
                var holder = holderOtherThan(session, event.node(), time);
                if (holder.isEmpty()) {
                    alone++;
                    continue;
                }
                var group = nodeSession + "|" + holder.get().node() + "|"
                        + holder.get().startMonoNs();
                grouped.putIfAbsent(group, new Straying(located, own, holder.get()));
                counts.merge(group, 1, Integer::sum);
            }
        }
        grouped.forEach((group, straying) -> {
            int more = counts.get(group) - 1;
            var event = straying.first().value();
            var session = event.session().orElseThrow();
            var evidence = new ArrayList<Evidence>();
            evidence.add(Evidence.line(
                    straying.first().at(),
                    event.monoNs(),
                    event.node() + " forwarded a frame at v" + event.version().orElseThrow()
                            + (more > 0
                                    ? " (and " + more + " more sampled frames while "
                                            + straying.holder().node() + " held the session)"
                                    : "")));
            straying.own()
                    .ifPresentOrElse(
                            own -> {
                                evidence.add(Evidence.line(own.startAt(), own.startMonoNs(), describe(own)));
                                own.endAt()
                                        .ifPresent(at -> evidence.add(Evidence.line(
                                                at,
                                                own.endMonoNs(),
                                                own.node() + "'s permission ended: " + own.endReason())));
                            },
                            () -> evidence.add(Evidence.note(event.node() + " had not bound " + session + " before")));
            var holder = straying.holder();
            evidence.add(Evidence.line(holder.startAt(), holder.startMonoNs(), describe(holder)));
            findings.violation(new Counterexample(
                    event.node() + " forwarded for session " + session + " at " + context.at(event.monoNs())
                            + " outside its own permission while " + holder.node() + " held it (v"
                            + holder.version() + ")",
                    Optional.of(session),
                    event.monoNs(),
                    evidence));
        });
        return alone;
    }

    private Optional<PermissionInterval> holderOtherThan(String session, String node, long time) {
        for (var interval : bySession.getOrDefault(session, List.of())) {
            if (interval.startMonoNs() > time) {
                break;
            }
            if (!interval.node().equals(node) && interval.contains(time)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    private static Optional<PermissionInterval> latestStartingBy(List<PermissionInterval> sorted, long time) {
        int low = 0;
        int high = sorted.size() - 1;
        PermissionInterval found = null;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (sorted.get(middle).startMonoNs() <= time) {
                found = sorted.get(middle);
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return Optional.ofNullable(found);
    }

    private record Latest(long version, SourceRef at, long monoNs, String what) {}

    private record Regression(
            String agent, String session, SourceRef at, long monoNs, long version, String node, Latest latest) {}

    private int acceptsFromOlderBindings() {
        var latest = new HashMap<String, Latest>();
        var grouped = new LinkedHashMap<String, Regression>();
        var counts = new HashMap<String, Integer>();
        int accepts = 0;
        for (var located : context.history().agentEvents()) {
            var event = located.value();
            if (event.event() != AgentEventType.ACCEPT && event.event() != AgentEventType.ATTACHED) {
                continue;
            }
            long version = event.version().orElseThrow();
            var node = event.node().orElseThrow();
            var key = key(event.agent(), event.session());
            var seen = latest.get(key);
            if (event.event() == AgentEventType.ACCEPT) {
                accepts++;
                if (seen != null && version < seen.version()) {
                    var group = key + "|" + seen.at();
                    grouped.putIfAbsent(
                            group,
                            new Regression(
                                    event.agent(), event.session(), located.at(), event.monoNs(), version, node, seen));
                    counts.merge(group, 1, Integer::sum);
                    continue;
                }
            }
            if (seen == null || version > seen.version()) {
                var what = event.event() == AgentEventType.ACCEPT ? "accepted a frame" : "attached";
                latest.put(
                        key,
                        new Latest(version, located.at(), event.monoNs(), what + " at v" + version + " via " + node));
            }
        }
        grouped.forEach((group, regression) -> {
            var agent = regression.agent();
            var session = regression.session();
            int more = counts.get(group) - 1;
            findings.violation(new Counterexample(
                    agent + " accepted a frame of session " + session + " from an older binding (v"
                            + regression.version() + " from " + regression.node() + ") at "
                            + context.at(regression.monoNs()) + " after it had "
                            + regression.latest().what(),
                    Optional.of(session),
                    regression.monoNs(),
                    List.of(
                            Evidence.line(
                                    regression.latest().at(),
                                    regression.latest().monoNs(),
                                    agent + " " + regression.latest().what()),
                            Evidence.line(
                                    regression.at(),
                                    regression.monoNs(),
                                    agent + " accepted a frame at v" + regression.version() + " from "
                                            + regression.node()
                                            + (more > 0
                                                    ? " (and " + more + " more frames from older bindings)"
                                                    : "")))));
        });
        return accepts;
    }

    private String describe(PermissionInterval interval) {
        var start = interval.node() + " bound the session at v" + interval.version() + " (epoch " + interval.epoch()
                + ") at " + context.at(interval.startMonoNs());
        return interval.isOpen()
                ? start + "; its permission was still open when the history ended"
                : start + "; its permission lasted until " + context.at(interval.endMonoNs()) + " ("
                        + interval.endReason() + ")";
    }

    /** Node, agent and session ids are tokens without '|', so this key cannot collide. */
    private static String key(String owner, String session) {
        return owner + "|" + session;
    }
}
