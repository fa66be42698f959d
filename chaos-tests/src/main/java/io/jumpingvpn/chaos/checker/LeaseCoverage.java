package io.jumpingvpn.chaos.checker;

import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.NodeEventType;
import io.jumpingvpn.chaos.history.SourceRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The time each node could prove its lease, per epoch: the union of {@code [mono_ns, valid_until_mono_ns)} over its
 * lease lines. A renewal that comes before the previous proof lapsed extends it; one that comes after leaves a gap in
 * which the node had no permission to forward.
 */
final class LeaseCoverage {

    /** A stretch of continuous proof, and the lease line that proved its end. */
    record Segment(long startMonoNs, long endMonoNs, SourceRef lastProof) {}

    /** When a permission starting at some instant loses its lease proof, and the line of the last proof. */
    record Lapse(long atMonoNs, Optional<SourceRef> lastProof) {}

    private record Key(String node, long epoch) {}

    private final Map<Key, List<Segment>> segments;
    private final Set<String> nodesWithLeases;

    private LeaseCoverage(Map<Key, List<Segment>> segments, Set<String> nodesWithLeases) {
        this.segments = segments;
        this.nodesWithLeases = nodesWithLeases;
    }

    static LeaseCoverage of(List<Located<NodeEvent>> nodeEvents) {
        var proofs = new HashMap<Key, List<Located<NodeEvent>>>();
        var nodes = new HashSet<String>();
        for (var located : nodeEvents) {
            var event = located.value();
            if (event.event() != NodeEventType.LEASE) {
                continue;
            }
            nodes.add(event.node());
            proofs.computeIfAbsent(new Key(event.node(), event.epoch()), key -> new ArrayList<>())
                    .add(located);
        }
        var merged = new HashMap<Key, List<Segment>>();
        proofs.forEach((key, lines) -> merged.put(key, merge(lines)));
        return new LeaseCoverage(merged, nodes);
    }

    private static List<Segment> merge(List<Located<NodeEvent>> lines) {
        var sorted = lines.stream()
                .sorted(Comparator.comparingLong(line -> line.value().monoNs()))
                .toList();
        var out = new ArrayList<Segment>();
        Segment current = null;
        for (var line : sorted) {
            long start = line.value().monoNs();
            long end = line.value().validUntilMonoNs().orElseThrow();
            if (end <= start) {
                continue; // a proof that had already lapsed when it was written proves nothing
            }
            if (current != null && start <= current.endMonoNs()) {
                if (end > current.endMonoNs()) {
                    current = new Segment(current.startMonoNs(), end, line.at());
                }
                continue;
            }
            if (current != null) {
                out.add(current);
            }
            current = new Segment(start, end, line.at());
        }
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    /** Whether the node wrote any lease line at all; a node that wrote none is not bounded by leases. */
    boolean recordsLeases(String node) {
        return nodesWithLeases.contains(node);
    }

    /**
     * When a permission that {@code node} took at {@code monoNs} under {@code epoch} stops being proven: the end of the
     * proof covering that instant, or the instant itself when no proof covered it.
     */
    Lapse lapseAfter(String node, long epoch, long monoNs) {
        var list = segments.getOrDefault(new Key(node, epoch), List.of());
        int low = 0;
        int high = list.size() - 1;
        Segment candidate = null;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            var segment = list.get(middle);
            if (segment.startMonoNs() <= monoNs) {
                candidate = segment;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (candidate == null || candidate.endMonoNs() <= monoNs) {
            return new Lapse(monoNs, Optional.empty());
        }
        return new Lapse(candidate.endMonoNs(), Optional.of(candidate.lastProof()));
    }
}
