package io.jumpingvpn.chaos.report;

import static io.jumpingvpn.chaos.report.Html.escape;

import io.jumpingvpn.chaos.checker.CheckResult;
import io.jumpingvpn.chaos.checker.Counterexample;
import io.jumpingvpn.chaos.checker.Outcome;
import io.jumpingvpn.chaos.checker.Timebase;
import io.jumpingvpn.chaos.checker.Verdict;

/**
 * The report for people ({@code report.html}): one file with inline CSS and SVG, no script and nothing fetched, so it
 * can be archived or mailed as it is. Every string from the history goes through {@link Html#escape}.
 */
public final class ReportHtml {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222;max-width:1240px}
            h1{font-size:22px;margin:0 0 6px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f3f3f3} .num{text-align:right;font-variant-numeric:tabular-nums}
            .badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600}
            .valid{background:#2e9d4c} .invalid{background:#c0392b} .unknown{background:#8a8a8a}
            .verdict{font-size:20px;padding:4px 14px}
            .chart{display:block;max-width:100%;height:auto;border:1px solid #e3e3e3;margin:6px 0}
            .chart .label{font-size:12px;fill:#333} .chart .tick{font-size:11px;fill:#666}
            .chart .grid{stroke:#e0e0e0;stroke-width:1}
            .legend span{display:inline-block;margin-right:14px} .swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
            code,.ref{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
            details{margin:6px 0 10px} summary{cursor:pointer}
            .problem{color:#c0392b} .muted{color:#666}
            """;

    private ReportHtml() {}

    public static String render(CheckResult result) {
        var html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.append("<title>Chaos run ")
                .append(result.valid() ? "valid" : "INVALID")
                .append("</title>\n");
        html.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, result);
        invariants(html, result);
        problems(html, result);
        html.append("<h2>Timeline</h2>\n");
        html.append(
                "<p class=\"muted\">Faults per target as bars; operations per node as dots (ok above, unknown in the"
                        + " middle, failed below; a bigger dot stands for several); kills as crosses; heals as dashed green"
                        + " lines; counterexamples as red lines. Hover for details.</p>\n");
        legend(html, result);
        html.append(TimelineSvg.render(result));
        html.append("<h2>Latency over time</h2>\n");
        html.append(LatencySvg.render(result));
        counterexamples(html, result);
        StatisticsHtml.render(html, result);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, CheckResult result) {
        html.append("<h1>Chaos run <span class=\"badge verdict ")
                .append(result.valid() ? "valid" : "invalid")
                .append("\">")
                .append(result.valid() ? "VALID" : "INVALID")
                .append("</span></h1>\n");
        html.append("<p class=\"muted\">Directory <code>")
                .append(escape(result.dir().toString()))
                .append("</code>");
        result.run().ifPresent(run -> html.append(" &middot; seed <code>")
                .append(run.seed())
                .append("</code> &middot; ")
                .append(run.nodes().size())
                .append(" nodes (")
                .append(escape(String.join(", ", run.nodes())))
                .append(") &middot; ")
                .append(run.agents())
                .append(" agents &middot; redis ")
                .append(escape(run.redisMode()))
                .append(run.unsafeMode()
                        .map(mode -> " &middot; <strong>unsafe mode " + escape(mode) + "</strong>")
                        .orElse(""))
                .append(" &middot; nemeses ")
                .append(escape(run.nemeses().isEmpty() ? "none" : String.join(", ", run.nemeses())))
                .append(" &middot; ")
                .append(escape(Timebase.seconds(run.durationNs())))
                .append(" &middot; lease ")
                .append(run.nodeLeaseMs())
                .append(" ms, liveness bound ")
                .append(run.livenessBoundMs())
                .append(" ms"));
        html.append("</p>\n");
    }

    private static void invariants(StringBuilder html, CheckResult result) {
        html.append("<h2>Invariants</h2>\n<table>\n<tr><th>invariant</th><th>verdict</th><th>counterexamples</th>"
                + "<th>what was checked</th></tr>\n");
        for (var invariant : result.invariants()) {
            html.append("<tr><td><strong>")
                    .append(escape(invariant.invariant().key()))
                    .append("</strong><br><span class=\"muted\">")
                    .append(escape(invariant.invariant().description()))
                    .append("</span></td><td>")
                    .append(badge(invariant.verdict()))
                    .append("</td><td class=\"num\">")
                    .append(invariant.counterexampleCount())
                    .append("</td><td>")
                    .append(escape(invariant.checked()));
            for (var unknown : invariant.unknowns()) {
                html.append("<br><span class=\"muted\">undecided: ")
                        .append(escape(unknown))
                        .append("</span>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void problems(StringBuilder html, CheckResult result) {
        if (result.readable()) {
            return;
        }
        html.append(
                "<h2 class=\"problem\">History not fully readable</h2>\n<p>A history that cannot be read proves"
                        + " nothing: the run is invalid until these are fixed.</p>\n<table>\n<tr><th>where</th><th>problem</th></tr>\n");
        for (var problem : result.problems()) {
            html.append("<tr><td class=\"ref\">")
                    .append(escape(problem.at().toString()))
                    .append("</td><td>")
                    .append(escape(problem.message()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void legend(StringBuilder html, CheckResult result) {
        html.append("<p class=\"legend\">");
        for (var outcome : Outcome.values()) {
            html.append("<span><i class=\"swatch\" style=\"background:")
                    .append(Palette.outcome(outcome))
                    .append("\"></i>")
                    .append(outcome.json())
                    .append("</span>");
        }
        TimelineSvg.faultColours(result)
                .forEach((kind, colour) -> html.append("<span><i class=\"swatch\" style=\"background:")
                        .append(colour)
                        .append("\"></i>")
                        .append(escape(kind))
                        .append("</span>"));
        html.append("</p>\n");
    }

    private static void counterexamples(StringBuilder html, CheckResult result) {
        html.append("<h2>Counterexamples</h2>\n");
        boolean any = false;
        for (var invariant : result.invariants()) {
            if (invariant.counterexamples().isEmpty()) {
                continue;
            }
            any = true;
            html.append("<h3>")
                    .append(escape(invariant.invariant().key()))
                    .append(" &mdash; ")
                    .append(invariant.counterexampleCount())
                    .append(" found");
            if (invariant.counterexampleCount() > invariant.counterexamples().size()) {
                html.append(", the earliest ")
                        .append(invariant.counterexamples().size())
                        .append(" shown");
            }
            html.append("</h3>\n");
            for (var counterexample : invariant.counterexamples()) {
                counterexample(html, counterexample, result.time());
            }
        }
        if (!any) {
            html.append("<p class=\"muted\">None.</p>\n");
        }
    }

    private static void counterexample(StringBuilder html, Counterexample counterexample, Timebase time) {
        html.append("<details open><summary>")
                .append(escape(time.at(counterexample.monoNs())))
                .append(" &middot; ")
                .append(escape(counterexample.summary()))
                .append("</summary>\n<table>\n");
        for (var line : counterexample.evidence()) {
            html.append("<tr><td class=\"ref\">")
                    .append(escape(line.at().map(Object::toString).orElse("")))
                    .append("</td><td class=\"num\">")
                    .append(
                            line.monoNs().isPresent()
                                    ? escape(time.at(line.monoNs().getAsLong()))
                                    : "")
                    .append("</td><td>")
                    .append(escape(line.text()))
                    .append("</td></tr>\n");
        }
        html.append("</table></details>\n");
    }

    private static String badge(Verdict verdict) {
        return "<span class=\"badge " + verdict.json() + "\">" + verdict.json() + "</span>";
    }
}
