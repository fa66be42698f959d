package io.jumpingvpn.chaos.report;

import static io.jumpingvpn.chaos.report.Html.escape;
import static io.jumpingvpn.chaos.report.Html.num;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Counterexample;
import io.jumpingvpn.chaos.checker.FaultInterval;
import io.jumpingvpn.chaos.checker.InvariantResult;
import io.jumpingvpn.chaos.checker.OpSample;
import io.jumpingvpn.chaos.checker.Outcome;
import io.jumpingvpn.chaos.checker.Timebase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run at a glance: one row per fault target with the faults as bars, one row per node with its operations as dots
 * (ok above, info in the middle, fail below), kills as crosses, heals as green lines and counterexamples as red lines.
 * Dots are merged per two pixels, so a long run stays a small file; the tooltip says how many a dot stands for.
 */
final class TimelineSvg {

    static final double WIDTH = 1200;
    static final double LEFT = 150;
    static final double RIGHT = 20;
    private static final double ROW = 26;
    private static final double TOP = 20;
    private static final double BUCKET_PX = 2;
    static final String NO_NODE = "(no node)";

    private TimelineSvg() {}

    static String render(CheckResult result) {
        var stats = result.statistics();
        var scale = new TimeScale(result.time().originMonoNs(), result.endMonoNs(), LEFT, WIDTH - LEFT - RIGHT);
        var targets = new TreeSet<String>();
        stats.faultIntervals().forEach(fault -> targets.add(fault.target()));
        var kinds = new ArrayList<>(new TreeSet<>(stats.faults().keySet()));
        var nodes = new LinkedHashSet<String>();
        result.run().ifPresent(run -> nodes.addAll(run.nodes()));
        stats.samples().forEach(sample -> nodes.add(sample.node().orElse(NO_NODE)));
        stats.exits().forEach(exit -> exit.value().node().ifPresent(nodes::add));

        var rows = new ArrayList<String>();
        targets.forEach(target -> rows.add("fault: " + target));
        nodes.forEach(node -> rows.add("node: " + node));
        double plotBottom = TOP + Math.max(1, rows.size()) * ROW;
        double height = plotBottom + 40;
        var svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(num(WIDTH))
                .append(' ')
                .append(num(height))
                .append("\" width=\"")
                .append(num(WIDTH))
                .append("\" height=\"")
                .append(num(height))
                .append("\" role=\"img\" aria-label=\"timeline of faults and operations\">\n");
        for (int i = 0; i < rows.size(); i++) {
            double y = TOP + i * ROW;
            if (i % 2 == 0) {
                svg.append("<rect x=\"0\" y=\"")
                        .append(num(y))
                        .append("\" width=\"")
                        .append(num(WIDTH))
                        .append("\" height=\"")
                        .append(num(ROW))
                        .append("\" fill=\"#f6f6f6\"/>\n");
            }
            svg.append("<text x=\"6\" y=\"")
                    .append(num(y + ROW * 0.65))
                    .append("\" class=\"label\">")
                    .append(escape(rows.get(i)))
                    .append("</text>\n");
        }
        axis(svg, scale, plotBottom);
        for (var fault : stats.faultIntervals()) {
            int row = rows.indexOf("fault: " + fault.target());
            faultBar(svg, scale, fault, TOP + row * ROW, Palette.fault(kinds.indexOf(fault.fault())), result.time());
        }
        dots(svg, scale, stats.samples(), rows, result.time());
        for (var exit : stats.exits()) {
            var node = exit.value().node();
            if (node.isEmpty()) {
                continue;
            }
            double x = scale.x(exit.value().monoNs());
            double y = TOP + rows.indexOf("node: " + node.get()) * ROW + ROW / 2;
            svg.append("<g class=\"kill\"><title>")
                    .append(escape(exit.value().process() + " killed"
                            + exit.value().signal().map(s -> " (" + s + ")").orElse("") + " at "
                            + result.time().at(exit.value().monoNs())))
                    .append("</title>")
                    .append("<path d=\"M")
                    .append(num(x - 5))
                    .append(' ')
                    .append(num(y - 5))
                    .append(" L")
                    .append(num(x + 5))
                    .append(' ')
                    .append(num(y + 5))
                    .append(" M")
                    .append(num(x - 5))
                    .append(' ')
                    .append(num(y + 5))
                    .append(" L")
                    .append(num(x + 5))
                    .append(' ')
                    .append(num(y - 5))
                    .append("\" stroke=\"#000\" stroke-width=\"2\"/></g>\n");
        }
        for (long heal : stats.heals()) {
            verticalLine(
                    svg,
                    scale.x(heal),
                    plotBottom,
                    Palette.HEAL,
                    "heal at " + result.time().at(heal),
                    "6 3");
        }
        for (var invariant : result.invariants()) {
            for (Counterexample counterexample : invariant.counterexamples()) {
                verticalLine(
                        svg,
                        scale.x(counterexample.monoNs()),
                        plotBottom,
                        Palette.VIOLATION,
                        label(invariant) + ": " + counterexample.summary(),
                        "");
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The fault kinds with their colours, for the legend under the chart. */
    static Map<String, String> faultColours(CheckResult result) {
        var kinds = new ArrayList<>(new TreeSet<>(result.statistics().faults().keySet()));
        var out = new TreeMap<String, String>();
        for (int i = 0; i < kinds.size(); i++) {
            out.put(kinds.get(i), Palette.fault(i));
        }
        return out;
    }

    private static String label(InvariantResult invariant) {
        return invariant.invariant().key();
    }

    private static void axis(StringBuilder svg, TimeScale scale, double bottom) {
        for (double seconds : scale.ticksSeconds()) {
            double x = scale.x(scale.monoAtSeconds(seconds));
            svg.append("<line x1=\"")
                    .append(num(x))
                    .append("\" y1=\"")
                    .append(num(TOP))
                    .append("\" x2=\"")
                    .append(num(x))
                    .append("\" y2=\"")
                    .append(num(bottom))
                    .append("\" class=\"grid\"/>\n");
            svg.append("<text x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(num(bottom + 16))
                    .append("\" class=\"tick\" text-anchor=\"middle\">")
                    .append(escape(TimeScale.secondsLabel(seconds)))
                    .append("</text>\n");
        }
    }

    private static void faultBar(
            StringBuilder svg, TimeScale scale, FaultInterval fault, double rowTop, String colour, Timebase time) {
        double x = scale.x(fault.startMonoNs());
        double width = Math.max(2, scale.x(fault.endMonoNs()) - x);
        var title = fault.fault() + " on " + fault.target() + " (" + fault.faultId() + ") from "
                + time.at(fault.startMonoNs()) + " to " + time.at(fault.endMonoNs())
                + (fault.endRecorded() ? "" : " (no fault_end line)") + " [" + fault.at() + "]";
        svg.append("<rect x=\"")
                .append(num(x))
                .append("\" y=\"")
                .append(num(rowTop + 4))
                .append("\" width=\"")
                .append(num(width))
                .append("\" height=\"")
                .append(num(ROW - 8))
                .append("\" fill=\"")
                .append(colour)
                .append("\" opacity=\"0.85\"><title>")
                .append(escape(title))
                .append("</title></rect>\n");
    }

    private record Bucket(int row, int column, Outcome outcome) {}

    private static void dots(
            StringBuilder svg, TimeScale scale, List<OpSample> samples, List<String> rows, Timebase time) {
        var buckets = new LinkedHashMap<Bucket, List<OpSample>>();
        for (var sample : samples) {
            int row = rows.indexOf("node: " + sample.node().orElse(NO_NODE));
            long at = sample.completionMonoNs().orElse(sample.invokeMonoNs());
            int column = (int) Math.floor(scale.x(at) / BUCKET_PX);
            buckets.computeIfAbsent(new Bucket(row, column, sample.outcome()), k -> new ArrayList<>())
                    .add(sample);
        }
        buckets.forEach((bucket, group) -> {
            double rowTop = TOP + bucket.row() * ROW;
            double y =
                    switch (bucket.outcome()) {
                        case OK -> rowTop + ROW * 0.25;
                        case INFO, PENDING -> rowTop + ROW * 0.5;
                        case FAIL -> rowTop + ROW * 0.75;
                    };
            double x = bucket.column() * BUCKET_PX + BUCKET_PX / 2;
            var first = group.getFirst();
            var title = new StringBuilder();
            title.append(group.size())
                    .append(' ')
                    .append(bucket.outcome().json())
                    .append(" operation(s) near ")
                    .append(time.at(first.completionMonoNs().orElse(first.invokeMonoNs())));
            var codes = new TreeSet<String>();
            group.forEach(sample -> sample.code().ifPresent(codes::add));
            if (!codes.isEmpty()) {
                title.append(", codes ").append(String.join(" ", codes));
            }
            title.append(", e.g. ").append(first.process()).append(' ').append(first.op());
            svg.append("<circle cx=\"")
                    .append(num(x))
                    .append("\" cy=\"")
                    .append(num(y))
                    .append("\" r=\"")
                    .append(num(group.size() > 1 ? 3 : 2.2))
                    .append("\" fill=\"")
                    .append(Palette.outcome(bucket.outcome()))
                    .append("\"><title>")
                    .append(escape(title.toString()))
                    .append("</title></circle>\n");
        });
    }

    private static void verticalLine(
            StringBuilder svg, double x, double bottom, String colour, String title, String dash) {
        svg.append("<line x1=\"")
                .append(num(x))
                .append("\" y1=\"")
                .append(num(TOP - 8))
                .append("\" x2=\"")
                .append(num(x))
                .append("\" y2=\"")
                .append(num(bottom))
                .append("\" stroke=\"")
                .append(colour)
                .append("\" stroke-width=\"2\"");
        if (!dash.isEmpty()) {
            svg.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        svg.append("><title>").append(escape(title)).append("</title></line>\n");
    }
}
