package io.jumpingvpn.chaos.report;

import static io.jumpingvpn.chaos.report.Html.escape;
import static io.jumpingvpn.chaos.report.Html.num;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.OpSample;
import io.jumpingvpn.chaos.checker.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * Latency over time: each completed operation at its invoke time, its latency on a logarithmic axis, coloured by
 * outcome. Points are merged per two by two pixels.
 */
final class LatencySvg {

    private static final double HEIGHT = 260;
    private static final double TOP = 14;
    private static final double BOTTOM = 30;
    private static final double BUCKET_PX = 2;

    private LatencySvg() {}

    private record Bucket(int column, int row, Outcome outcome) {}

    static String render(CheckResult result) {
        var scale = new TimeScale(
                result.time().originMonoNs(),
                result.endMonoNs(),
                TimelineSvg.LEFT,
                TimelineSvg.WIDTH - TimelineSvg.LEFT - TimelineSvg.RIGHT);
        var completed = result.statistics().samples().stream()
                .filter(sample ->
                        sample.latencyNs().isPresent() && sample.latencyNs().getAsLong() >= 0)
                .toList();
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double maxMs = Math.max(
                1, completed.stream().mapToDouble(sample -> ms(sample)).max().orElse(1));
        double lowExp = -1; // 0.1 ms
        double highExp = Math.ceil(Math.log10(maxMs));
        if (highExp <= lowExp) {
            highExp = lowExp + 1;
        }
        double spanExp = highExp - lowExp;
        var svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(num(TimelineSvg.WIDTH))
                .append(' ')
                .append(num(HEIGHT))
                .append("\" width=\"")
                .append(num(TimelineSvg.WIDTH))
                .append("\" height=\"")
                .append(num(HEIGHT))
                .append("\" role=\"img\" aria-label=\"latency over time\">\n");
        for (double exp = lowExp; exp <= highExp; exp++) {
            double y = TOP + plotHeight - (exp - lowExp) / spanExp * plotHeight;
            svg.append("<line x1=\"")
                    .append(num(TimelineSvg.LEFT))
                    .append("\" y1=\"")
                    .append(num(y))
                    .append("\" x2=\"")
                    .append(num(TimelineSvg.WIDTH - TimelineSvg.RIGHT))
                    .append("\" y2=\"")
                    .append(num(y))
                    .append("\" class=\"grid\"/>\n");
            svg.append("<text x=\"")
                    .append(num(TimelineSvg.LEFT - 6))
                    .append("\" y=\"")
                    .append(num(y + 4))
                    .append("\" class=\"tick\" text-anchor=\"end\">")
                    .append(escape(msLabel(exp)))
                    .append("</text>\n");
        }
        for (double seconds : scale.ticksSeconds()) {
            double x = scale.x(scale.monoAtSeconds(seconds));
            svg.append("<text x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(num(HEIGHT - 10))
                    .append("\" class=\"tick\" text-anchor=\"middle\">")
                    .append(escape(TimeScale.secondsLabel(seconds)))
                    .append("</text>\n");
        }
        svg.append("<text x=\"6\" y=\"")
                .append(num(TOP + plotHeight / 2))
                .append("\" class=\"label\">latency, ms (log)</text>\n");
        var buckets = new LinkedHashMap<Bucket, List<OpSample>>();
        for (var sample : completed) {
            double x = scale.x(sample.invokeMonoNs());
            double exp = Math.max(lowExp, Math.log10(Math.max(ms(sample), 1e-3)));
            double y = TOP + plotHeight - (exp - lowExp) / spanExp * plotHeight;
            var bucket = new Bucket((int) (x / BUCKET_PX), (int) (y / BUCKET_PX), sample.outcome());
            buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(sample);
        }
        buckets.forEach((bucket, group) -> {
            var ops = new TreeSet<String>();
            group.forEach(sample -> ops.add(sample.op()));
            var first = group.getFirst();
            var title = group.size() + " " + bucket.outcome().json() + " " + String.join("/", ops) + " at "
                    + result.time().at(first.invokeMonoNs()) + ", " + Html.num(ms(first)) + " ms";
            svg.append("<circle cx=\"")
                    .append(num(bucket.column() * BUCKET_PX + 1))
                    .append("\" cy=\"")
                    .append(num(bucket.row() * BUCKET_PX + 1))
                    .append("\" r=\"2\" fill=\"")
                    .append(Palette.outcome(bucket.outcome()))
                    .append("\" opacity=\"0.7\"><title>")
                    .append(escape(title))
                    .append("</title></circle>\n");
        });
        if (completed.isEmpty()) {
            svg.append("<text x=\"")
                    .append(num(TimelineSvg.WIDTH / 2))
                    .append("\" y=\"")
                    .append(num(HEIGHT / 2))
                    .append("\" class=\"tick\" text-anchor=\"middle\">no completed operation</text>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double ms(OpSample sample) {
        return sample.latencyNs().orElse(0) / 1e6;
    }

    private static String msLabel(double exp) {
        double value = Math.pow(10, exp);
        return value < 1 ? Html.num(value) : String.valueOf((long) value);
    }
}
