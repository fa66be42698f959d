package io.jumpingvpn.chaos.report;

import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.testing.Handmade;
import io.jumpingvpn.chaos.testing.SimulatedRun;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: self-contained, shows what happened, and never lets a history inject markup. */
class ReportHtmlUnitTests {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ATTRIBUTE_BREAK = "\"><img src=x onerror=alert(2)>";

    @TempDir
    Path dir;

    @Test
    void stringsFromTheHistoryAreEscapedEverywhere() {
        var fail = Operation.invoke(at(1_000), "agent-0", "reattach", 1)
                .withSession("s1")
                .withNode("n1");
        var result = Handmade.healthy(dir, 1)
                .add(FaultEvent.start(at(2_000), "partition-redis", SCRIPT, ATTRIBUTE_BREAK))
                .add(FaultEvent.end(at(3_000), "partition-redis", SCRIPT, ATTRIBUTE_BREAK), new Heal(at(3_000)))
                .add(fail, fail.fail(at(1_010), ATTRIBUTE_BREAK).withDetail(SCRIPT))
                .node(NodeEvent.bind(at(500), "n1", 1, "s1", 1))
                .node(NodeEvent.unbind(at(600), "n1", 1, "s1", 1, SCRIPT))
                .agent(AgentEvent.attached(at(500), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.terminated(at(5_000), "agent-0", "s1", SCRIPT, 2))
                .check();

        var html = ReportHtml.render(result);

        assertThat(result.valid()).isFalse();
        assertThat(html)
                .doesNotContain(SCRIPT)
                .doesNotContain("<img")
                .doesNotContain(ATTRIBUTE_BREAK)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
        assertThat(Pattern.compile("<script", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find())
                .isFalse();
    }

    @Test
    void theReportIsSelfContainedAndShowsTheRun() {
        var result = SimulatedRun.generate(3, dir).check();

        var html = ReportHtml.render(result);

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .doesNotContain("http://", "https://", "<link", "src=", "@import", "url(")
                .contains("<svg", "</svg>", "<style>")
                .contains("fault: ", "node: n1", "node: n2", "node: n3")
                .contains("kill-node", "pause-node")
                .contains("no_dual_active", "liveness_after_heal", "VALID")
                .contains("Latency over time", "Faults injected");
        assertThat(html.length()).isLessThan(2_000_000);
    }

    @Test
    void counterexamplesAppearAsTextAndOnTheTimeline() {
        var result = Handmade.healthy(dir, 0)
                .node(NodeEvent.bind(at(1_000), "n1", 1, "s1", 1))
                .node(NodeEvent.bind(at(5_000), "n2", 2, "s1", 3))
                .check();

        var html = ReportHtml.render(result);

        assertThat(html)
                .contains("INVALID")
                .contains("session s1 was bound on n1 (v1) and n2 (v3) at once from +5.000 s")
                .contains("<title>no_dual_active: session s1 was bound")
                .contains("stroke=\"" + Palette.VIOLATION + "\"");
    }
}
