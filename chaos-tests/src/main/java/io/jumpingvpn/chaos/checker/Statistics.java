package io.jumpingvpn.chaos.checker;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.Located;
import io.jumpingvpn.chaos.history.ProcessExit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What happened in a run, for people: operations by outcome, by reject code and by kind, latency percentiles, faults by
 * kind and as intervals, heals, kills, and each node's binding intervals.
 *
 * @param latency per op kind, plus {@link #ALL} over every completed operation
 */
public record Statistics(
        Map<Outcome, Integer> byOutcome,
        Map<String, Integer> byCode,
        Map<String, Map<Outcome, Integer>> byOp,
        Map<String, LatencySummary> latency,
        Map<String, Integer> faults,
        List<FaultInterval> faultIntervals,
        List<Long> heals,
        List<Located<ProcessExit>> exits,
        List<OpSample> samples,
        List<PermissionInterval> bindings) {

    public static final String ALL = "all";

    /** The code counted for a fail that carries none. */
    public static final String NO_CODE = "(none)";

    public Statistics {
        byOutcome = outcomes(requireNonNull(byOutcome, "byOutcome"));
        byCode = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(byCode, "byCode")));
        var ops = new TreeMap<String, Map<Outcome, Integer>>();
        requireNonNull(byOp, "byOp").forEach((op, counts) -> ops.put(op, outcomes(counts)));
        byOp = Collections.unmodifiableMap(ops);
        latency = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(latency, "latency")));
        faults = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(faults, "faults")));
        faultIntervals = List.copyOf(faultIntervals);
        heals = List.copyOf(heals);
        exits = List.copyOf(exits);
        samples = List.copyOf(samples);
        bindings = List.copyOf(bindings);
    }

    private static Map<Outcome, Integer> outcomes(Map<Outcome, Integer> counts) {
        var copy = new EnumMap<Outcome, Integer>(Outcome.class);
        copy.putAll(counts);
        return Collections.unmodifiableMap(copy);
    }

    public int operations() {
        return samples.size();
    }

    static Statistics collect(CheckContext context, List<OperationPair> operations, List<PermissionInterval> bindings) {
        var samples = new ArrayList<OpSample>();
        var byOutcome = new EnumMap<Outcome, Integer>(Outcome.class);
        for (var outcome : Outcome.values()) {
            byOutcome.put(outcome, 0);
        }
        var byCode = new HashMap<String, Integer>();
        var byOp = new HashMap<String, Map<Outcome, Integer>>();
        var latencies = new LinkedHashMap<String, List<Long>>();
        latencies.put(ALL, new ArrayList<>());
        for (var operation : operations) {
            if (operation.invoke().isEmpty()) {
                continue;
            }
            var invoke = operation.invoke().get().value();
            var completion = operation.completion().map(Located::value);
            var outcome = completion
                    .map(op -> switch (op.type()) {
                        case OK -> Outcome.OK;
                        case FAIL -> Outcome.FAIL;
                        case INFO, INVOKE -> Outcome.INFO;
                    })
                    .orElse(Outcome.PENDING);
            Optional<String> code = completion.flatMap(op -> op.code());
            var sample = new OpSample(
                    invoke.process(),
                    invoke.op(),
                    invoke.node().or(() -> completion.flatMap(op -> op.node())),
                    invoke.monoNs(),
                    completion.map(op -> OptionalLong.of(op.monoNs())).orElse(OptionalLong.empty()),
                    outcome,
                    code);
            samples.add(sample);
            byOutcome.merge(outcome, 1, Integer::sum);
            if (outcome == Outcome.FAIL) {
                byCode.merge(code.orElse(NO_CODE), 1, Integer::sum);
            }
            byOp.computeIfAbsent(invoke.op(), op -> new EnumMap<>(Outcome.class))
                    .merge(outcome, 1, Integer::sum);
            sample.latencyNs().ifPresent(latency -> {
                if (latency >= 0) {
                    latencies.get(ALL).add(latency);
                    latencies
                            .computeIfAbsent(invoke.op(), op -> new ArrayList<>())
                            .add(latency);
                }
            });
        }
        var latency = new LinkedHashMap<String, LatencySummary>();
        latencies.forEach((op, values) -> {
            if (!values.isEmpty()) {
                latency.put(
                        op,
                        LatencySummary.of(
                                values.stream().mapToLong(Long::longValue).toArray()));
            }
        });
        var faults = new HashMap<String, Integer>();
        var heals = new ArrayList<Long>();
        var exits = new ArrayList<Located<ProcessExit>>();
        for (var located : context.history().events()) {
            switch (located.value()) {
                case FaultEvent fault when fault.start() -> faults.merge(fault.fault(), 1, Integer::sum);
                case Heal heal -> heals.add(heal.monoNs());
                case ProcessExit exit -> exits.add(new Located<>(located.at(), exit));
                default -> {}
            }
        }
        return new Statistics(
                byOutcome,
                byCode,
                byOp,
                latency,
                faults,
                faultIntervals(context, heals),
                heals,
                exits,
                samples,
                bindings);
    }

    private static List<FaultInterval> faultIntervals(CheckContext context, List<Long> heals) {
        var ends = new HashMap<String, Long>();
        for (var located : context.history().events()) {
            if (located.value() instanceof FaultEvent fault && !fault.start()) {
                ends.putIfAbsent(fault.fault() + "|" + fault.faultId(), fault.monoNs());
            }
        }
        var out = new ArrayList<FaultInterval>();
        for (var located : context.history().events()) {
            if (!(located.value() instanceof FaultEvent fault) || !fault.start()) {
                continue;
            }
            var end = ends.get(fault.fault() + "|" + fault.faultId());
            if (end != null && end >= fault.monoNs()) {
                out.add(new FaultInterval(
                        fault.fault(), fault.target(), fault.faultId(), fault.monoNs(), end, true, located.at()));
                continue;
            }
            long until = heals.stream()
                    .filter(heal -> heal >= fault.monoNs())
                    .findFirst()
                    .orElse(Math.max(context.endMonoNs(), fault.monoNs()));
            out.add(new FaultInterval(
                    fault.fault(), fault.target(), fault.faultId(), fault.monoNs(), until, false, located.at()));
        }
        return out;
    }
}
