package io.jumpingvpn.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsUnitTests {

    @Test
    void redisOptionsDefaultToNoPersistence() {
        RedisOptions options = RedisOptions.defaults();

        assertThat(options.persistence()).isEqualTo(Persistence.NONE);
        assertThat(options.serverBinary()).isEmpty();
        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void extraConfigMayNotTakeOverWhatTheFixtureOwns() {
        assertThatThrownBy(() -> RedisOptions.builder().config("port 6379").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'port'");
        assertThatThrownBy(() -> RedisOptions.builder().config("  DIR /tmp").build())
                .hasMessageContaining("'dir'");
        assertThatThrownBy(() ->
                        RedisOptions.builder().config("maxmemory 1mb\nport 1").build())
                .hasMessageContaining("one non-blank line");
        assertThat(RedisOptions.builder().config("maxmemory 64mb").build().extraConfig())
                .containsExactly("maxmemory 64mb");
    }

    @Test
    void redisOptionsBoundTheirTimeouts() {
        assertThatThrownBy(
                        () -> RedisOptions.builder().startTimeout(Duration.ZERO).build())
                .hasMessageContaining("startTimeout");
        assertThatThrownBy(() ->
                        RedisOptions.builder().stopTimeout(Duration.ofHours(1)).build())
                .hasMessageContaining("stopTimeout");
    }

    @Test
    void sentinelOptionsDefaultToThreeSentinelsWithQuorumTwo() {
        SentinelOptions options = SentinelOptions.defaults();

        assertThat(options.sentinels()).isEqualTo(3);
        assertThat(options.quorum()).isEqualTo(2);
        assertThat(options.replicas()).isEqualTo(1);
        assertThat(options.masterName()).isEqualTo("jvpn");
        assertThat(options.downAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void sentinelOptionsRejectImpossibleGroups() {
        assertThatThrownBy(() -> SentinelOptions.builder().sentinels(1).build()).hasMessageContaining("quorum");
        assertThatThrownBy(() -> SentinelOptions.builder().replicas(0).build()).hasMessageContaining("replicas");
        assertThatThrownBy(
                        () -> SentinelOptions.builder().masterName("has space").build())
                .hasMessageContaining("masterName");
        assertThatThrownBy(() -> SentinelOptions.builder()
                        .downAfter(Duration.ofMillis(5))
                        .build())
                .hasMessageContaining("downAfter");
        assertThat(SentinelOptions.builder().sentinels(1).quorum(1).build().sentinels())
                .isEqualTo(1);
    }

    @Test
    void clusterOptionsBoundTheirShape() {
        assertThat(ClusterOptions.defaults().nodeCount()).isEqualTo(3);
        assertThat(ClusterOptions.builder().replicasPerMaster(1).build().nodeCount())
                .isEqualTo(6);
        assertThatThrownBy(() -> ClusterOptions.builder().masters(0).build()).hasMessageContaining("masters");
        assertThatThrownBy(() -> ClusterOptions.builder().replicasPerMaster(3).build())
                .hasMessageContaining("replicasPerMaster");
    }
}
