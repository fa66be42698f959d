package io.jumpingvpn.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.deploy.bench.cluster.failure.Fault;
import io.jumpingvpn.deploy.bench.cluster.failure.NodeFailureSettings;
import io.jumpingvpn.deploy.bench.cluster.idle.IdleLoadSettings;
import io.jumpingvpn.deploy.bench.cluster.reattach.ClusterReattachSettings;
import io.jumpingvpn.deploy.cli.UserError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every cluster benchmark setting out of range is refused with one line naming the flag and what is allowed. */
class ClusterBenchFlagsUnitTests {

    private static final Duration MS_200 = Duration.ofMillis(200);
    private static final Duration MS_500 = Duration.ofMillis(500);
    private static final Duration ONE_S = Duration.ofSeconds(1);
    private static final Duration TWO_S = Duration.ofSeconds(2);
    private static final Duration TEN_S = Duration.ofSeconds(10);
    private static final Duration THIRTY_S = Duration.ofSeconds(30);

    @Test
    void clusterReattachSettingsNameTheFlagAndItsRange() {
        var ok = new ClusterReattachSettings(2000, 16, 3, TWO_S, TEN_S, 1);
        assertThat(ok.concurrency()).isEqualTo(16);
        assertRefused(() -> new ClusterReattachSettings(2000, 16, 1, TWO_S, TEN_S, 1), "--contenders", "2 or 3");
        assertRefused(() -> new ClusterReattachSettings(2000, 16, 4, TWO_S, TEN_S, 1), "--contenders", "2 or 3");
        assertRefused(() -> new ClusterReattachSettings(2000, 2, 3, TWO_S, TEN_S, 1), "--concurrency", "(3) and 1024");
        assertRefused(() -> new ClusterReattachSettings(2000, 16, 3, TWO_S, TEN_S, 9), "--client-threads", "min(8");
        assertRefused(() -> new ClusterReattachSettings(2000, 6, 3, TWO_S, TEN_S, 3), "--client-threads", "= 2)");
        assertRefused(() -> new ClusterReattachSettings(60, 16, 3, TWO_S, TEN_S, 1), "--sessions", "(64");
        assertRefused(
                () -> new ClusterReattachSettings(2000, 16, 3, TWO_S, Duration.ofMillis(100), 1),
                "--duration",
                "500ms and 5m");
        assertRefused(
                () -> new ClusterReattachSettings(2000, 16, 3, Duration.ofMinutes(2), TEN_S, 1), "--warmup", "1m");
    }

    @Test
    void idleLoadSettingsNameTheFlagAndItsRange() {
        var ok = new IdleLoadSettings(10_000, Duration.ofSeconds(5), MS_500, TWO_S, Duration.ofSeconds(5), THIRTY_S);
        assertThat(ok.policy().nodeLease()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ok.policy().heartbeatInterval()).isEqualTo(MS_500);
        assertRefused(
                () -> new IdleLoadSettings(2, TWO_S, MS_500, TWO_S, ONE_S, THIRTY_S), "--sessions", "3 and 15000");
        assertRefused(() -> new IdleLoadSettings(20_000, TWO_S, MS_500, TWO_S, ONE_S, THIRTY_S), "--sessions", "15000");
        assertRefused(() -> new IdleLoadSettings(100, MS_200, MS_500, TWO_S, ONE_S, THIRTY_S), "--node-lease", "300ms");
        assertRefused(
                () -> new IdleLoadSettings(100, TWO_S, Duration.ofMillis(50), TWO_S, ONE_S, THIRTY_S),
                "--heartbeat",
                "100ms and 10s");
        assertRefused(
                () -> new IdleLoadSettings(100, TWO_S, MS_500, MS_500, ONE_S, THIRTY_S), "--dead", "twice --heartbeat");
        assertRefused(
                () -> new IdleLoadSettings(100, TWO_S, MS_500, TWO_S, ONE_S, Duration.ofMillis(10)),
                "--window",
                "1s and 30m");
    }

    @Test
    void nodeFailureSettingsNameTheFlagAndItsRange() {
        var ok = new NodeFailureSettings(1000, Fault.KILL, TWO_S, MS_500, TWO_S, ONE_S, TEN_S, THIRTY_S, 2);
        assertThat(ok.policy().nodeLease()).isEqualTo(TWO_S);
        assertThat(ok.policy().heartbeatVolatile()).isEqualTo(TWO_S);
        assertThat(ok.policyKeys())
                .containsEntry("NODE_LEASE_MS", "2000")
                .containsEntry("HEARTBEAT_INTERVAL_MS", "500");
        assertRefused(
                () -> new NodeFailureSettings(0, Fault.KILL, TWO_S, MS_500, TWO_S, ONE_S, TEN_S, THIRTY_S, 2),
                "--sessions",
                "1 and 5000");
        assertRefused(
                () -> new NodeFailureSettings(10, Fault.KILL, MS_200, MS_500, TWO_S, ONE_S, TEN_S, THIRTY_S, 2),
                "--node-lease",
                "300ms and 60s");
        assertRefused(
                () -> new NodeFailureSettings(10, Fault.KILL, TWO_S, MS_500, MS_500, ONE_S, TEN_S, THIRTY_S, 2),
                "--dead",
                "twice --heartbeat");
        assertRefused(
                () -> new NodeFailureSettings(
                        10, Fault.KILL, TWO_S, MS_500, TWO_S, Duration.ofMillis(1), TEN_S, THIRTY_S, 2),
                "--interval",
                "10ms and 10s");
        assertRefused(
                () -> new NodeFailureSettings(
                        10, Fault.KILL, TWO_S, MS_500, TWO_S, ONE_S, Duration.ofMinutes(3), THIRTY_S, 2),
                "--warmup",
                "0 and 2m");
        assertRefused(
                () -> new NodeFailureSettings(10, Fault.KILL, TWO_S, MS_500, TWO_S, ONE_S, TEN_S, ONE_S, 2),
                "--timeout",
                "5s and 10m");
        assertRefused(
                () -> new NodeFailureSettings(10, Fault.KILL, TWO_S, MS_500, TWO_S, ONE_S, TEN_S, THIRTY_S, 0),
                "--agent-threads",
                "1 and 64");
        assertThat(Fault.parse("silence")).isEqualTo(Fault.SILENCE);
        assertRefused(() -> Fault.parse("pause"), "--fault", "kill or silence");
    }

    private static void assertRefused(Runnable settings, String flag, String allowed) {
        assertThatThrownBy(settings::run)
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith(flag)
                .hasMessageContaining(allowed)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
