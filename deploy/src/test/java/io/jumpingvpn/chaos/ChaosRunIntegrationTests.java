package io.jumpingvpn.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.chaos.checker.Invariant;
import io.jumpingvpn.chaos.cluster.NetNamespace;
import io.jumpingvpn.chaos.cluster.RedisMode;
import io.jumpingvpn.chaos.nemesis.NemesisKind;
import io.jumpingvpn.chaos.node.UnsafeMode;
import io.jumpingvpn.chaos.runner.ChaosRun;
import io.jumpingvpn.chaos.runner.RunOutcome;
import io.jumpingvpn.chaos.runner.RunSettings;
import io.jumpingvpn.gateway.PartitionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos runner in CI ({@code .ci/run} runs {@code ./mvnw verify}): a short run of about a minute, three gateway node
 * processes on a real redis-server, agents and racers, every nemesis kind this host can run at least once (iptables
 * only as root), must be valid; the same run with the same seed against either test-only unsafe mode must be invalid,
 * for the reason that mode breaks. The three runs share every setting but the unsafe mode.
 */
class ChaosRunIntegrationTests {

    private static final long SEED = 20_260_601L;
    private static final Duration DURATION = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private RunSettings settings(String name, Optional<UnsafeMode> unsafe) {
        return new RunSettings(
                3,
                6,
                2,
                DURATION,
                List.of(NemesisKind.values()),
                SEED,
                temp.resolve(name),
                RedisMode.STANDALONE,
                unsafe,
                RunSettings.DEFAULT_LEASE,
                PartitionPolicy.DENY);
    }

    private static RunOutcome.Completed run(RunSettings settings) {
        var outcome = ChaosRun.run(settings, System.out);
        System.out.print(outcome.summary());
        assertThat(outcome).isInstanceOf(RunOutcome.Completed.class);
        return (RunOutcome.Completed) outcome;
    }

    private static JsonNode json(Path file) throws Exception {
        return JSON.readTree(Files.readString(file));
    }

    @Test
    void aShortRunWithEveryNemesisKindIsValidOnTheRealCluster() throws Exception {
        var settings = settings("safe", Optional.empty());
        var outcome = run(settings);

        assertThat(outcome.valid()).as(outcome.summary()).isTrue();
        assertThat(outcome.problems()).isEmpty();

        var report = json(settings.out().resolve("report.json"));
        var expected = new ArrayList<String>();
        for (var kind : NemesisKind.values()) {
            if (kind.unavailableReason(RedisMode.STANDALONE, NetNamespace.unavailableReason())
                    .isEmpty()) {
                expected.add(kind.id());
            }
        }
        var injected = new ArrayList<String>();
        report.get("faults").fieldNames().forEachRemaining(injected::add);
        assertThat(injected)
                .as("every kind this host can run was injected")
                .containsExactlyInAnyOrderElementsOf(expected);

        var run = json(settings.out().resolve("run.json"));
        assertThat(run.get("skipped_nemeses").has(NemesisKind.FAILOVER_REDIS.id()))
                .isTrue();
        assertThat(run.get("skipped_nemeses").has(NemesisKind.IPTABLES_REDIS.id()))
                .isEqualTo(NetNamespace.unavailableReason().isPresent());
        assertThat(run.get("liveness_bound_ms").asLong()).isEqualTo(6_000);

        var ops = report.get("ops");
        assertThat(ops.get("by_op").has("attach")).isTrue();
        assertThat(ops.get("by_op").get("reattach").get("ok").asLong()).isPositive();
        assertThat(ops.get("by_op").get("replay").get("fail").asLong()).isPositive();
        assertThat(ops.get("by_op").get("replay").get("ok").asLong()).isZero();
        // Racing reattaches at several nodes at once: the losers are told OWNERSHIP_CONFLICT.
        assertThat(ops.get("by_code").get("OWNERSHIP_CONFLICT").asLong()).isPositive();
        assertThat(ops.get("by_outcome").get("pending").asLong()).isZero();
    }

    @Test
    void theSameRunAgainstLastWriteWinsReattachCommitsIsInvalid() throws Exception {
        var settings = settings("lww", Optional.of(UnsafeMode.LWW));
        var outcome = run(settings);

        assertThat(outcome.valid()).isFalse();
        var verdicts = outcome.check();
        assertThat(verdicts).isInstanceOf(CheckOutcome.Checked.class);
        var result = ((CheckOutcome.Checked) verdicts).result();
        // Both contenders of a race bind and forward: two nodes hold the session at once.
        assertThat(result.result(Invariant.NO_DUAL_ACTIVE).counterexampleCount())
                .isPositive();
        assertThat(json(settings.out().resolve("run.json")).get("unsafe_mode").asText())
                .isEqualTo("lww");
    }

    @Test
    void theSameRunAgainstNodesThatDoNotProveTheirLeaseIsInvalid() throws Exception {
        var settings = settings("no-lease-check", Optional.of(UnsafeMode.NO_LEASE_CHECK));
        var outcome = run(settings);

        assertThat(outcome.valid()).isFalse();
        var result = ((CheckOutcome.Checked) outcome.check()).result();
        // A node cut off from Redis, or paused past its lease, goes on forwarding for sessions taken from it.
        assertThat(result.result(Invariant.NO_DUAL_ACTIVE).counterexampleCount())
                .isPositive();
        assertThat(json(settings.out().resolve("run.json")).get("unsafe_mode").asText())
                .isEqualTo("no-lease-check");
    }
}
