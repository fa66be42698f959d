package io.jumpingvpn.store.redis;

import io.jumpingvpn.testkit.redis.RedisCluster;
import io.jumpingvpn.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The whole contract suite against a 3-master Redis Cluster (redis-cluster:// URI, 16 lease slots). */
class ClusterContractIntegrationTests extends RedisContractSupport {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected String uri() {
        return cluster.uri();
    }

    @Override
    protected RedisServer serverFor(String key) {
        return cluster.masterFor(key);
    }
}
