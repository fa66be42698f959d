package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.redis.RedisStoreOptions;

/** Chooses the backend for the options' URI. */
public final class RedisBackends {

    private RedisBackends() {}

    public static RedisBackend open(RedisStoreOptions options, ScriptCatalog scripts, RateLimitedLog log) {
        // Parsed again so that the backend owns mutable RedisURI instances the options never share.
        return switch (RedisTarget.parse(options.uri())) {
            case RedisTarget.Standalone s -> new StandaloneBackend(options, s.uri(), scripts, log);
            case RedisTarget.Sentinel s -> new StandaloneBackend(options, s.uri(), scripts, log);
            case RedisTarget.Cluster c -> new ClusterBackend(options, c.seeds(), scripts, log);
        };
    }

    public static boolean isCluster(RedisStoreOptions options) {
        return options.target() instanceof RedisTarget.Cluster;
    }
}
