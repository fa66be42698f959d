package io.jumpingvpn.chaos.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Counterexample;
import io.jumpingvpn.chaos.checker.InvariantResult;
import io.jumpingvpn.chaos.checker.LatencySummary;
import io.jumpingvpn.chaos.checker.Outcome;
import io.jumpingvpn.chaos.checker.Timebase;

/** The machine-readable report ({@code report.json}); its fields are documented in {@code docs/chaos.md}. */
public final class ReportJson {

    /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
    public static final int FORMAT = 1;

    private final ObjectMapper mapper;

    public ReportJson(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper");
    }

    public ObjectNode render(CheckResult result) {
        var time = result.time();
        var out = mapper.createObjectNode();
        out.put("format", FORMAT);
        out.put("valid", result.valid());
        out.put("readable", result.readable());
        result.run()
                .ifPresentOrElse(
                        run -> {
                            var node = out.putObject("run");
                            node.put("seed", run.seed());
                            var nodes = node.putArray("nodes");
                            run.nodes().forEach(nodes::add);
                            node.put("agents", run.agents());
                            var nemeses = node.putArray("nemeses");
                            run.nemeses().forEach(nemeses::add);
                            node.put("redis_mode", run.redisMode());
                            run.unsafeMode()
                                    .ifPresentOrElse(
                                            mode -> node.put("unsafe_mode", mode), () -> node.putNull("unsafe_mode"));
                            node.put("node_lease_ms", run.nodeLeaseMs());
                            node.put("liveness_bound_ms", run.livenessBoundMs());
                            node.put("duration_ms", run.durationNs() / 1_000_000.0);
                        },
                        () -> out.putNull("run"));
        var problems = out.putArray("read_problems");
        for (var problem : result.problems()) {
            var node = problems.addObject();
            node.put("ref", problem.at().toString());
            node.put("file", problem.at().file());
            node.put("line", problem.at().line());
            node.put("message", problem.message());
        }
        var invariants = out.putObject("invariants");
        for (var invariant : result.invariants()) {
            invariants.set(invariant.invariant().key(), invariant(invariant, time));
        }
        var faults = out.putObject("faults");
        result.statistics().faults().forEach(faults::put);
        out.set("ops", ops(result));
        var latency = out.putObject("latency_ms");
        result.statistics().latency().forEach((op, summary) -> latency.set(op, latency(summary)));
        return out;
    }

    public String renderText(CheckResult result) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(render(result)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private ObjectNode invariant(InvariantResult result, Timebase time) {
        var node = mapper.createObjectNode();
        node.put("valid", result.valid());
        node.put("verdict", result.verdict().json());
        node.put("description", result.invariant().description());
        node.put("checked", result.checked());
        node.put("counterexample_count", result.counterexampleCount());
        var counterexamples = node.putArray("counterexamples");
        for (var counterexample : result.counterexamples()) {
            counterexamples.add(counterexample(counterexample, time));
        }
        var unknowns = node.putArray("unknown");
        result.unknowns().forEach(unknowns::add);
        return node;
    }

    private ObjectNode counterexample(Counterexample counterexample, Timebase time) {
        var node = mapper.createObjectNode();
        node.put("summary", counterexample.summary());
        counterexample
                .session()
                .ifPresentOrElse(session -> node.put("session", session), () -> node.putNull("session"));
        node.put("at_ms", time.ms(counterexample.monoNs()));
        var evidence = node.putArray("evidence");
        for (var line : counterexample.evidence()) {
            var item = evidence.addObject();
            line.at().ifPresentOrElse(at -> item.put("ref", at.toString()), () -> item.putNull("ref"));
            if (line.monoNs().isPresent()) {
                item.put("at_ms", time.ms(line.monoNs().getAsLong()));
            } else {
                item.putNull("at_ms");
            }
            item.put("text", line.text());
        }
        return node;
    }

    private ObjectNode ops(CheckResult result) {
        var stats = result.statistics();
        var node = mapper.createObjectNode();
        node.put("total", stats.operations());
        var byOutcome = node.putObject("by_outcome");
        stats.byOutcome().forEach((outcome, count) -> byOutcome.put(outcome.json(), count));
        var byCode = node.putObject("by_code");
        stats.byCode().forEach(byCode::put);
        var byOp = node.putObject("by_op");
        stats.byOp().forEach((op, counts) -> {
            var item = byOp.putObject(op);
            for (var outcome : Outcome.values()) {
                item.put(outcome.json(), counts.getOrDefault(outcome, 0));
            }
        });
        return node;
    }

    private ObjectNode latency(LatencySummary summary) {
        var node = mapper.createObjectNode();
        node.put("count", summary.count());
        node.put("p50", summary.p50Ms());
        node.put("p95", summary.p95Ms());
        node.put("p99", summary.p99Ms());
        node.put("max", summary.maxMs());
        return node;
    }
}
