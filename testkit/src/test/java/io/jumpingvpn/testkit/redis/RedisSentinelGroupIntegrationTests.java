package io.jumpingvpn.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.testkit.resp.RespValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSentinelGroupIntegrationTests {

    private static final Duration FAILOVER = Duration.ofSeconds(45);

    @Test
    void startsAPrimaryAReplicaAndThreeAgreeingSentinels() {
        try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
            RedisServer primary = group.dataServers().getFirst();
            RedisServer replica = group.dataServers().get(1);

            assertThat(group.uri())
                    .isEqualTo("redis-sentinel://127.0.0.1:"
                            + group.sentinels().get(0).port() + ",127.0.0.1:"
                            + group.sentinels().get(1).port() + ",127.0.0.1:"
                            + group.sentinels().get(2).port() + "#jvpn");
            assertThat(group.primary()).isSameAs(primary);
            assertThat(group.replicas()).containsExactly(replica);
            assertThat(replica.role()).isEqualTo("slave");
            assertThat(group.sentinels()).allSatisfy(s -> assertThat(s.role()).isEqualTo("sentinel"));
            assertThat(group.servers()).hasSize(5);
        }
    }

    @Test
    void forcedFailoverPromotesTheReplicaWithItsData() {
        try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
            RedisServer old = group.primary();
            old.command("SET", "session:1", "v1");
            // wait for the replica's acknowledgement, so the key cannot be lost by the failover itself
            assertThat(old.command("WAIT", "1", "5000").asLong()).isEqualTo(1);

            RedisServer promoted = group.failover(FAILOVER);

            assertThat(promoted).isNotSameAs(old);
            assertThat(group.primary()).isSameAs(promoted);
            assertThat(promoted.command("GET", "session:1")).isEqualTo(RespValue.bulk("v1"));
            assertThat(promoted.command("SET", "session:2", "v2").isOk()).isTrue();
            // Sentinel turns the old primary into a replica of the new one, after delays of its own (10-20 s)
            assertThat(group.awaitHealthy(Duration.ofSeconds(60))).isSameAs(promoted);
            assertThat(old.role()).isEqualTo("slave");
            assertThat(group.replicas()).containsExactly(old);
        }
    }

    @Test
    void aPausedPrimaryIsReplacedByTheSentinelsOnTheirOwn() {
        try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
            RedisServer old = group.primary();
            old.pause();

            RedisServer promoted = group.awaitPrimaryOtherThan(old, FAILOVER);

            assertThat(promoted).isNotSameAs(old);
            assertThat(group.primary()).isSameAs(promoted);
            assertThat(promoted.command("SET", "after-failover", "yes").isOk()).isTrue();
        }
    }
}
