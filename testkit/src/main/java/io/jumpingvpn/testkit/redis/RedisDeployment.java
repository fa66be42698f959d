package io.jumpingvpn.testkit.redis;

import java.util.List;

/**
 * A running Redis topology as a client sees it: one URI for the store, and the processes behind it for fault
 * injection. Closing ends every process by PID and deletes their directories.
 */
public sealed interface RedisDeployment extends AutoCloseable permits RedisServer, RedisSentinelGroup, RedisCluster {

    /**
     * The connection URI the Redis store accepts: {@code redis://127.0.0.1:P} for one server,
     * {@code redis-sentinel://127.0.0.1:S1,127.0.0.1:S2#jvpn} for a Sentinel group (Lettuce's form),
     * {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3} for a cluster (this project's scheme).
     */
    String uri();

    /** Every process of the topology, data servers first. */
    List<RedisServer> servers();

    @Override
    void close();
}
