package io.jumpingvpn.chaos.report;

import static io.jumpingvpn.chaos.report.Html.escape;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Outcome;

/** The tables of the HTML report: operations by outcome, kind and code, latency percentiles, faults by kind. */
final class StatisticsHtml {

    private StatisticsHtml() {}

    static void render(StringBuilder html, CheckResult result) {
        var stats = result.statistics();
        html.append("<h2>Operations</h2>\n<table>\n<tr><th>op</th>");
        for (var outcome : Outcome.values()) {
            html.append("<th>").append(outcome.json()).append("</th>");
        }
        html.append("</tr>\n");
        stats.byOp().forEach((op, counts) -> {
            html.append("<tr><td>").append(escape(op)).append("</td>");
            for (var outcome : Outcome.values()) {
                html.append("<td class=\"num\">")
                        .append(counts.getOrDefault(outcome, 0))
                        .append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("<tr><th>all (").append(stats.operations()).append(")</th>");
        for (var outcome : Outcome.values()) {
            html.append("<th class=\"num\">")
                    .append(stats.byOutcome().getOrDefault(outcome, 0))
                    .append("</th>");
        }
        html.append("</tr>\n</table>\n");

        if (!stats.byCode().isEmpty()) {
            html.append("<h3>Failures by reject code</h3>\n<table>\n<tr><th>code</th><th>count</th></tr>\n");
            stats.byCode().forEach((code, count) -> html.append("<tr><td><code>")
                    .append(escape(code))
                    .append("</code></td><td class=\"num\">")
                    .append(count)
                    .append("</td></tr>\n"));
            html.append("</table>\n");
        }

        html.append("<h2>Latency (ms, invoke to completion)</h2>\n");
        if (stats.latency().isEmpty()) {
            html.append("<p class=\"muted\">No completed operation.</p>\n");
        } else {
            html.append(
                    "<table>\n<tr><th>op</th><th>count</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>\n");
            stats.latency().forEach((op, summary) -> html.append("<tr><td>")
                    .append(escape(op))
                    .append("</td><td class=\"num\">")
                    .append(summary.count())
                    .append("</td><td class=\"num\">")
                    .append(Html.num(summary.p50Ms()))
                    .append("</td><td class=\"num\">")
                    .append(Html.num(summary.p95Ms()))
                    .append("</td><td class=\"num\">")
                    .append(Html.num(summary.p99Ms()))
                    .append("</td><td class=\"num\">")
                    .append(Html.num(summary.maxMs()))
                    .append("</td></tr>\n"));
            html.append("</table>\n");
        }

        html.append("<h2>Faults injected</h2>\n");
        if (stats.faults().isEmpty()) {
            html.append("<p class=\"muted\">None.</p>\n");
        } else {
            html.append("<table>\n<tr><th>fault</th><th>count</th></tr>\n");
            stats.faults().forEach((fault, count) -> html.append("<tr><td>")
                    .append(escape(fault))
                    .append("</td><td class=\"num\">")
                    .append(count)
                    .append("</td></tr>\n"));
            html.append("</table>\n");
        }
    }
}
