package io.jumpingvpn.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of the cluster benchmarks against a real redis-server: three gateway nodes in the test JVM
 * (cluster-reattach, idle-load) or three {@code jvpn gateway} processes (node-failure), real sockets on loopback.
 * Correctness only: every report is complete, its counts add up, every race has exactly one winner, every session of
 * the failed node ends up elsewhere; no speed is asserted.
 */
class ClusterBenchIntegrationTests {

    private static RedisServer redis;

    @TempDir
    Path directory;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void clusterReattachRacesHaveOneWinnerAndEveryRequestIsAccountedFor() throws Exception {
        var run = BenchRun.of(
                directory,
                "bench",
                "cluster-reattach",
                "--redis",
                redis.uri(),
                "--sessions",
                "60",
                "--concurrency",
                "3",
                "--contenders",
                "3",
                "--warmup",
                "200ms",
                "--duration",
                "1s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        var report = run.report();
        assertThat(report.get("nodes").asInt()).isEqualTo(3);
        assertThat(report.get("handshake_latency_ms").get("count").asLong()).isEqualTo(60);
        for (var store : new String[] {"store_uncontended", "store_contended"}) {
            assertThat(report.get(store).get("commits").asLong()).as(store).isPositive();
            assertThat(report.get(store).get("bad_rounds").asLong()).as(store).isZero();
        }
        for (var phase : new String[] {"gateway_owner", "gateway_next_node", "gateway_race"}) {
            var figures = report.get(phase);
            assertThat(figures.get("commits").asLong()).as(phase).isPositive();
            assertThat(figures.get("latency_ms").get("count").asLong())
                    .as(phase)
                    .isEqualTo(figures.get("commits").asLong());
            assertThat(figures.get("commits").asLong()
                            + sum(figures.get("rejected"))
                            + figures.get("unanswered").asLong())
                    .as(phase + ": every request answered, refused or given up")
                    .isEqualTo(figures.get("attempts").asLong());
            assertThat(figures.get("redis_calls_per_commit").has("evalsha"))
                    .as(phase)
                    .isTrue();
        }
        var race = report.get("gateway_race");
        assertThat(race.get("contenders").asInt()).isEqualTo(3);
        assertThat(race.get("rounds").asLong()).isPositive();
        assertThat(race.get("bad_rounds").asLong()).isZero();
        // A race's losers lose to its winner: refused by the commit, never accepted.
        assertThat(race.get("rejected").path("OWNERSHIP_CONFLICT").asLong()).isPositive();
        assertThat(race.get("commits").asLong())
                .isLessThanOrEqualTo(race.get("rounds").asLong() + 3);
        assertThat(report.get("bad_rounds").asLong()).isZero();
        assertThat(report.get("ratio_owner_to_store").asDouble()).isPositive();
    }

    @Test
    void idleSessionsCostTheStoreOnlyScriptCallsAndNoSessionIsLost() throws Exception {
        var run = BenchRun.of(
                directory,
                "bench",
                "idle-load",
                "--redis",
                redis.uri(),
                "--sessions",
                "30",
                "--node-lease",
                "1500ms",
                "--heartbeat",
                "200ms",
                "--dead",
                "2s",
                "--settle",
                "500ms",
                "--window",
                "3s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        var report = run.report();
        assertThat(report.get("sessions").asInt()).isEqualTo(30);
        assertThat(report.get("lease_slots").asInt()).isEqualTo(1);
        assertThat(report.get("expected_renewals_per_node_per_s").asDouble()).isEqualTo(2.0);
        assertThat(report.get("commands").has("evalsha")).isTrue();
        assertThat(report.get("script_calls_per_node_per_s").asDouble()).isPositive();
        assertThat(report.get("heartbeats_per_s").asDouble()).isPositive();
        assertThat(report.get("heartbeat_acks_per_s").asDouble()).isPositive();
        assertThat(report.get("stale_sessions").asLong()).isZero();
        assertThat(report.get("terminated_sessions").asLong()).isZero();
        var nodes = report.get("nodes");
        assertThat(nodes).hasSize(3);
        assertThat(stream(nodes)
                        .mapToInt(node -> node.get("forwarding").asInt())
                        .sum())
                .isEqualTo(30);
        assertThat(stream(nodes).mapToInt(node -> node.get("sessions").asInt()).sum())
                .isEqualTo(30);
    }

    @Test
    void theSessionsOfAKilledNodeProcessAreAttachedElsewhereWithTrafficFlowing() throws Exception {
        var run = BenchRun.of(
                directory,
                "bench",
                "node-failure",
                "--redis",
                redis.uri(),
                "--sessions",
                "12",
                "--node-lease",
                "1500ms",
                "--heartbeat",
                "200ms",
                "--dead",
                "1s",
                "--interval",
                "100ms",
                "--warmup",
                "1s",
                "--timeout",
                "60s");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        var report = run.report();
        assertThat(report.get("fault").asText()).isEqualTo("kill");
        assertThat(report.get("sessions").asInt()).isEqualTo(12);
        // Every agent was a session of the failed node when it failed (switched back first if it was elsewhere).
        assertThat(report.get("away_at_failure").asInt()).isZero();
        assertThat(report.get("switched_back").isIntegralNumber()).isTrue();
        for (var point : new String[] {"detected", "attached", "flowing", "held"}) {
            assertThat(report.get(point).get("reached").asInt()).as(point).isEqualTo(12);
            assertThat(report.get(point).get("all_ms").asDouble()).as(point).isGreaterThanOrEqualTo(0);
        }
        // Per agent, traffic flows only after its reattach was accepted.
        assertThat(report.get("flowing").get("all_ms").asDouble())
                .isGreaterThanOrEqualTo(report.get("attached").get("all_ms").asDouble());
        var movedTo = report.get("moved_to");
        var failed = report.get("failed_node").asText();
        assertThat(movedTo.has(failed)).isFalse();
        assertThat(movedTo).hasSize(2);
        assertThat(stream(movedTo).mapToLong(JsonNode::asLong).sum()).isEqualTo(12);
        assertThat(report.get("terminated").asLong()).isZero();
        assertThat(report.get("recovery_cpu_s").get("survivors")).hasSize(2);
    }

    private static long sum(JsonNode counts) {
        return stream(counts).mapToLong(JsonNode::asLong).sum();
    }

    private static Stream<JsonNode> stream(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }
}
