package io.jumpingvpn.store.redis;

import io.jumpingvpn.testkit.redis.RedisServer;
import io.jumpingvpn.testkit.redis.SharedRedis;

/** The whole contract suite against one standalone redis-server. */
class StandaloneContractIntegrationTests extends RedisContractSupport {

    @Override
    protected String uri() {
        return SharedRedis.standalone().uri();
    }

    @Override
    protected RedisServer serverFor(String key) {
        return SharedRedis.standalone();
    }
}
