package io.jumpingvpn.chaos.report;

import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.SessionStateName;
import io.jumpingvpn.chaos.testing.Handmade;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json: the fields of docs/chaos.md, with the numbers the history implies. */
class ReportJsonUnitTests {

    @TempDir
    Path dir;

    private final ReportJson json = new ReportJson(new ObjectMapper());

    @Test
    void opsFaultsAndLatencyPercentilesFollowTheHistory() {
        var history = Handmade.healthy(dir, 0)
                .add(FaultEvent.start(at(100), "kill-node", "n1", "a"), FaultEvent.end(at(200), "kill-node", "n1", "a"))
                .add(FaultEvent.start(at(300), "kill-node", "n2", "b"), FaultEvent.end(at(400), "kill-node", "n2", "b"))
                .add(
                        FaultEvent.start(at(500), "clock-skew", "n3", "c"),
                        FaultEvent.end(at(600), "clock-skew", "n3", "c"))
                .add(new Heal(at(700)));
        for (int i = 1; i <= 100; i++) { // latencies 1..100 ms
            var invoke = Operation.invoke(at(1_000 + i * 200), "agent-0", "reattach", i);
            history.add(
                    invoke,
                    i % 10 == 0 ? invoke.fail(at(1_000 + i * 201), "RATE_LIMITED") : invoke.ok(at(1_000 + i * 201), i));
        }
        var attach = Operation.invoke(at(30_000), "agent-1", "attach", 1);
        history.add(attach, attach.info(at(30_500), "timeout"));

        var report = json.render(history.check());

        assertThat(report.get("valid").booleanValue()).isTrue();
        assertThat(report.get("format").intValue()).isEqualTo(1);
        assertThat(report.get("faults").toString()).isEqualTo("{\"clock-skew\":1,\"kill-node\":2}");
        assertThat(report.get("ops").get("total").intValue()).isEqualTo(101);
        assertThat(report.get("ops").get("by_outcome").toString())
                .isEqualTo("{\"ok\":90,\"fail\":10,\"info\":1,\"pending\":0}");
        assertThat(report.get("ops").get("by_code").toString()).isEqualTo("{\"RATE_LIMITED\":10}");
        assertThat(report.get("ops").get("by_op").get("attach").get("info").intValue())
                .isEqualTo(1);
        var reattach = report.get("latency_ms").get("reattach");
        assertThat(reattach.get("count").intValue()).isEqualTo(100);
        assertThat(reattach.get("p50").doubleValue()).isEqualTo(50.0);
        assertThat(reattach.get("p95").doubleValue()).isEqualTo(95.0);
        assertThat(reattach.get("p99").doubleValue()).isEqualTo(99.0);
        assertThat(reattach.get("max").doubleValue()).isEqualTo(100.0);
        assertThat(report.get("latency_ms").get("all").get("max").doubleValue()).isEqualTo(500.0);
        assertThat(report.get("run").get("liveness_bound_ms").longValue()).isEqualTo(12_000);
        assertThat(report.get("run").get("unsafe_mode").isNull()).isTrue();
    }

    @Test
    void anUndecidedInvariantIsNotValidAndSaysWhy() {
        var history = Handmade.healthy(dir, 1)
                .agent(AgentEvent.attached(at(1_000), "agent-0", "s1", 1, "n1"))
                .agent(AgentEvent.state(at(58_000), "agent-0", "s1", SessionStateName.RECOVERING, 1));

        var report = json.render(history.check());

        assertThat(report.get("valid").booleanValue()).isFalse();
        var invariant = report.get("invariants").get("explicit_termination");
        assertThat(invariant.get("valid").booleanValue()).isFalse();
        assertThat(invariant.get("verdict").textValue()).isEqualTo("unknown");
        assertThat(invariant.get("counterexample_count").intValue()).isZero();
        assertThat(invariant.get("unknown").get(0).textValue()).contains("s1");
        assertThat(report.get("invariants").fieldNames())
                .toIterable()
                .containsExactly(
                        "no_dual_active",
                        "versions_monotonic",
                        "deterministic_rejection",
                        "explicit_termination",
                        "liveness_after_heal");
    }
}
