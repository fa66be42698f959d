package io.jumpingvpn.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.store.redis.internal.RedisTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreOptionsUnitTests {

    @Test
    void defaultsFailFastAndUseThePrefixJvpn() {
        var options = RedisStoreOptions.builder("redis://127.0.0.1:6379").build();

        assertThat(options.commandTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.keyPrefix()).isEqualTo("jvpn");
        assertThat(options.waitReplicas()).isZero();
        assertThat(options.clusterLeaseSlots()).isEqualTo(16);
        assertThat(options.target()).isInstanceOf(RedisTarget.Standalone.class);
    }

    @Test
    void theSchemeChoosesTheMode() {
        assertThat(RedisStoreOptions.builder("rediss://h:6380").build().target())
                .isInstanceOf(RedisTarget.Standalone.class);
        var sentinel = RedisStoreOptions.builder("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380#primary")
                .build()
                .target();
        assertThat(sentinel).isInstanceOfSatisfying(RedisTarget.Sentinel.class, s -> {
            assertThat(s.uri().getSentinels()).hasSize(2);
            assertThat(s.uri().getSentinelMasterId()).isEqualTo("primary");
        });
        var cluster = RedisStoreOptions.builder("redis-cluster://secret@10.0.0.1:7000,10.0.0.2:7001")
                .build();
        assertThat(cluster.target()).isInstanceOfSatisfying(RedisTarget.Cluster.class, c -> {
            assertThat(c.seeds()).hasSize(2);
            assertThat(c.seeds().get(1).getHost()).isEqualTo("10.0.0.2");
            assertThat(c.seeds().get(1).getPort()).isEqualTo(7001);
            assertThat(new String(c.seeds()
                            .get(1)
                            .getCredentialsProvider()
                            .resolveCredentials()
                            .block()
                            .getPassword()))
                    .isEqualTo("secret");
        });
        assertThat(cluster.displayUri()).doesNotContain("secret").contains("***@10.0.0.1:7000");
    }

    @Test
    void aBadUriFailsWithOneLineNamingItWithoutThePassword() {
        assertThatThrownBy(() ->
                        RedisStoreOptions.builder("http://user:hunter2@h:1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported scheme 'http'")
                .hasMessageContaining("http://user:***@h:1")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RedisStoreOptions.builder("localhost:6379").build())
                .hasMessageContaining("no scheme");
        assertThatThrownBy(() ->
                        RedisStoreOptions.builder("redis-sentinel://h:26379").build())
                .hasMessageContaining("after '#'");
        assertThatThrownBy(() -> RedisStoreOptions.builder("redis-cluster://h:7000,,h:7001")
                        .build())
                .hasMessageContaining("empty entry");
        assertThatThrownBy(
                        () -> RedisStoreOptions.builder("redis-cluster://h7000").build())
                .hasMessageContaining("'h7000' is not host:port");
        assertThatThrownBy(() ->
                        RedisStoreOptions.builder("redis-cluster://h:7000/3").build())
                .hasMessageContaining("only database 0");
    }

    @Test
    void optionsOutOfRangeNameTheOptionAndTheRange() {
        assertThatThrownBy(() -> RedisStoreOptions.builder("redis://h:1")
                        .commandTimeout(Duration.ofMillis(1))
                        .build())
                .hasMessage("commandTimeout must be between 10 ms and 60000 ms, got 1 ms");
        assertThatThrownBy(() -> RedisStoreOptions.builder("redis://h:1")
                        .waitForReplicas(1, Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("waitTimeout must be shorter than commandTimeout");
        assertThatThrownBy(() -> RedisStoreOptions.builder("redis://h:1")
                        .keyPrefix("a{b}")
                        .build())
                .hasMessageContaining("keyPrefix must be 1 to 32 characters");
        assertThatThrownBy(() -> RedisStoreOptions.builder("redis://h:1")
                        .clusterLeaseSlots(0)
                        .build())
                .hasMessage("clusterLeaseSlots must be between 1 and 256, got 0");
        assertThatThrownBy(() -> RedisStoreOptions.builder("redis://h:1")
                        .tombstoneRetention(Duration.ZERO)
                        .build())
                .hasMessageStartingWith("tombstoneRetention must be between");
    }

    @Test
    void toStringNeverShowsThePassword() {
        var options = RedisStoreOptions.builder("redis://:pw123@h:1").build();

        assertThat(options.toString()).doesNotContain("pw123");
        assertThat(options.displayUri()).isEqualTo("redis://:***@h:1");
    }
}
