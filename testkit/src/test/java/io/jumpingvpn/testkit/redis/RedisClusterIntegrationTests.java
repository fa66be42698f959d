package io.jumpingvpn.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.testkit.redis.internal.ConfigText;
import io.jumpingvpn.testkit.resp.RespValue;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisClusterIntegrationTests {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster =
                RedisCluster.start(ClusterOptions.builder().replicasPerMaster(1).build());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeReportsClusterStateOk() {
        assertThat(cluster.servers()).hasSize(6);
        for (RedisServer node : cluster.servers()) {
            assertThat(ConfigText.parseInfo(node.command("CLUSTER", "INFO").asText()))
                    .containsEntry("cluster_state", "ok")
                    .containsEntry("cluster_slots_assigned", "16384")
                    .containsEntry("cluster_known_nodes", "6")
                    .containsEntry("cluster_size", "3");
        }
        cluster.awaitClusterOk(Duration.ofSeconds(5));
    }

    @Test
    void theUriListsTheThreeMasters() {
        List<RedisServer> masters = cluster.masters();

        assertThat(masters)
                .hasSize(3)
                .containsExactlyInAnyOrderElementsOf(cluster.servers().subList(0, 3));
        assertThat(cluster.uri())
                .isEqualTo("redis-cluster://"
                        + cluster.servers().subList(0, 3).stream()
                                .map(n -> "127.0.0.1:" + n.port())
                                .collect(Collectors.joining(",")));
    }

    @Test
    void everyMasterHasAFollowingReplica() {
        assertThat(cluster.replicas()).hasSize(3);
        for (RedisServer replica : cluster.replicas()) {
            assertThat(replica.role()).isEqualTo("slave");
            assertThat(replica.info("replication")).containsEntry("master_link_status", "up");
        }
    }

    @Test
    void eachMasterTakesWritesForItsSlotsAndRedirectsOthers() {
        for (RedisServer master : cluster.masters()) {
            String key = keyServedBy(master);
            RedisServer other = cluster.masters().stream()
                    .filter(m -> m != master)
                    .findFirst()
                    .orElseThrow();

            assertThat(master.command("SET", key, "value").isOk()).isTrue();
            assertThat(master.command("GET", key)).isEqualTo(RespValue.bulk("value"));
            RespValue redirect = other.command("SET", key, "value");
            assertThat(redirect)
                    .isEqualTo(
                            new RespValue.ErrorReply("MOVED " + cluster.slotOf(key) + " 127.0.0.1:" + master.port()));
        }
    }

    private static String keyServedBy(RedisServer master) {
        for (int i = 0; i < 1_000; i++) {
            String key = "key-" + i;
            if (cluster.masterFor(key) == master) {
                return key;
            }
        }
        throw new AssertionError("none of 1000 keys maps to " + master);
    }
}
