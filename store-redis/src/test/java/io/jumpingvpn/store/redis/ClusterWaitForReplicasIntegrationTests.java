package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static io.jumpingvpn.store.redis.RedisStoreTesting.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.redis.ClusterOptions;
import io.jumpingvpn.testkit.redis.RedisCluster;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WAIT in Redis Cluster: the commit and its WAIT go through the connection of the master that owns the session's
 * slot, so the acknowledgement counted is that of the master's own replica.
 */
class ClusterWaitForReplicasIntegrationTests {

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
    void commitsOnEveryMasterAreAcknowledgedByItsReplicaAndUnknownWithoutIt() throws IOException {
        try (var store = RedisSessionStore.open(RedisStoreTesting.isolated(cluster.uri())
                .waitForReplicas(1, Duration.ofMillis(300))
                .build())) {
            var lease = register(store, "gw-1");
            for (int i = 0; i < 12; i++) {
                var session = create(store, lease, "create-" + i);
                var key = sessionKey(store, session.id());
                var moved = committed(await(store.reattach(new ReattachCommit(
                        session.id(),
                        1,
                        5,
                        new RequestId("r-" + i),
                        lease.node(),
                        new Binding("udp", "192.0.2.3:4")))));

                assertThat(versionOnReplica(replicaOf(cluster.masterFor(key)), key))
                        .as("version of %s on the replica of its master, right after the commit", session.id())
                        .isEqualTo(Long.toString(moved.version()));
            }

            cluster.replicas().forEach(RedisServer::pause);
            try {
                var unacknowledged = await(store.create(RedisStoreTesting.createRequest(store, lease, "late")));
                assertThat(unacknowledged).isInstanceOf(StoreResult.Unknown.class);
            } finally {
                cluster.replicas().forEach(RedisServer::resume);
            }
        }
    }

    private static RedisServer replicaOf(RedisServer master) {
        return cluster.replicas().stream()
                .filter(replica -> replica.command("ROLE").asList().get(2).asLong() == master.port())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no replica follows " + master));
    }

    /** HGET on a replica, which in a cluster answers reads only after READONLY on the same connection. */
    private static String versionOnReplica(RedisServer replica, String key) throws IOException {
        try (var client = replica.connect()) {
            assertThat(client.call("READONLY").isOk()).isTrue();
            return client.call("HGET", key, "v").asText();
        }
    }
}
