package io.jumpingvpn.chaos.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.chaos.cluster.RedisMode;
import io.jumpingvpn.chaos.nemesis.NemesisKind;
import io.jumpingvpn.chaos.node.UnsafeMode;
import io.jumpingvpn.gateway.PartitionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a run will do, decided from its settings and what the host can do. */
class RunPlanUnitTests {

    private static RunSettings settings(Duration duration, RedisMode redis, List<NemesisKind> kinds) {
        return settings(duration, redis, kinds, RunSettings.DEFAULT_LEASE);
    }

    private static RunSettings settings(Duration duration, RedisMode redis, List<NemesisKind> kinds, Duration lease) {
        return new RunSettings(
                3, 6, 2, duration, kinds, 7, Path.of("unused"), redis, Optional.empty(), lease, PartitionPolicy.DENY);
    }

    @Test
    void theLivenessBoundIsTwoLeasesAndOneRecoveryAttemptAndTheQuietPeriodCoversIt() {
        var plan = RunPlan.of(settings(Duration.ofSeconds(60), RedisMode.STANDALONE, List.of()), Optional.empty());

        // 2 x 1500 ms + heartbeat dead time 1000 ms + the longest back-off, a quarter of the 8000 ms recovery window.
        assertThat(plan.livenessBound()).isEqualTo(Duration.ofMillis(6_000));
        assertThat(plan.quiet()).isGreaterThanOrEqualTo(plan.livenessBound());
        assertThat(plan.phaseEndMs()).isEqualTo(60_000 - plan.quiet().toMillis());
        assertThat(plan.faults()).isEmpty();
    }

    @Test
    void kindsThisHostCannotRunAreSkippedWithWhyAndTheOthersPlanned() {
        var plan = RunPlan.of(
                settings(Duration.ofSeconds(60), RedisMode.STANDALONE, List.of(NemesisKind.values())),
                Optional.of("not running as root"));

        assertThat(plan.skipped())
                .containsEntry(NemesisKind.IPTABLES_REDIS, "not running as root")
                .containsKey(NemesisKind.FAILOVER_REDIS)
                .hasSize(2);
        assertThat(plan.enabled()).doesNotContain(NemesisKind.IPTABLES_REDIS, NemesisKind.FAILOVER_REDIS);
        assertThat(plan.plannedByKind().keySet()).containsExactlyInAnyOrderElementsOf(plan.enabled());
        assertThat(plan.namespaces()).isFalse();
    }

    @Test
    void sentinelRunsSkipTheProxyKindsAndPlanFailovers() {
        var plan = RunPlan.of(
                settings(Duration.ofSeconds(120), RedisMode.SENTINEL, List.of(NemesisKind.values())), Optional.empty());

        assertThat(plan.enabled())
                .containsExactlyInAnyOrder(
                        NemesisKind.PARTITION_AGENTS,
                        NemesisKind.KILL_NODE,
                        NemesisKind.PAUSE_NODE,
                        NemesisKind.CLOCK_SKEW,
                        NemesisKind.FAILOVER_REDIS);
    }

    @Test
    void theSameSettingsGiveTheSamePlan() {
        var a = RunPlan.of(
                settings(Duration.ofSeconds(60), RedisMode.STANDALONE, List.of(NemesisKind.values())),
                Optional.empty());
        var b = RunPlan.of(
                settings(Duration.ofSeconds(60), RedisMode.STANDALONE, List.of(NemesisKind.values())),
                Optional.empty());

        assertThat(a.faults()).isEqualTo(b.faults());
        assertThat(a.fleetSeed()).isEqualTo(b.fleetSeed());
        assertThat(a.namespaces()).isTrue();
    }

    @Test
    void aDurationThatLeavesNoRoomForFaultsIsRefused() {
        // A 5 s lease: a liveness bound of 13 s and a quiet period of 19.5 s leave nothing of 20 s for faults.
        assertThatThrownBy(() -> RunPlan.of(
                        settings(
                                Duration.ofSeconds(20),
                                RedisMode.STANDALONE,
                                List.of(NemesisKind.KILL_NODE),
                                Duration.ofSeconds(5)),
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--duration 20s leaves 0 s for faults");
    }

    @Test
    void settingsNameTheFlagTheyRefuse() {
        assertThatThrownBy(() -> new RunSettings(
                        0,
                        1,
                        0,
                        Duration.ofMinutes(1),
                        List.of(),
                        1,
                        Path.of("x"),
                        RedisMode.STANDALONE,
                        Optional.of(UnsafeMode.LWW),
                        RunSettings.DEFAULT_LEASE,
                        PartitionPolicy.DENY))
                .hasMessage("--nodes must be 1..16, got 0");
        assertThatThrownBy(() -> new RunSettings(
                        3,
                        0,
                        0,
                        Duration.ofMinutes(1),
                        List.of(),
                        1,
                        Path.of("x"),
                        RedisMode.STANDALONE,
                        Optional.empty(),
                        RunSettings.DEFAULT_LEASE,
                        PartitionPolicy.DENY))
                .hasMessageContaining("nothing would use the cluster");
        assertThat(RunSettings.defaultRacers(20)).isEqualTo(4);
        assertThat(RunSettings.defaultRacers(3)).isEqualTo(2);
    }
}
