package io.jumpingvpn.store.redis;

import io.jumpingvpn.testkit.redis.RedisSentinelGroup;
import io.jumpingvpn.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The whole contract suite against a primary and replica watched by three Sentinels (redis-sentinel:// URI). */
class SentinelContractIntegrationTests extends RedisContractSupport {

    private static RedisSentinelGroup group;

    @BeforeAll
    static void startGroup() {
        group = RedisSentinelGroup.start();
    }

    @AfterAll
    static void stopGroup() {
        if (group != null) {
            group.close();
        }
    }

    @Override
    protected String uri() {
        return group.uri();
    }

    @Override
    protected RedisServer serverFor(String key) {
        return group.primary();
    }
}
