package io.jumpingvpn.testkit.redis;

import java.util.List;

/**
 * One standalone {@code redis-server} for the whole JVM, started on first use and killed by the shutdown hook, so
 * that many test classes pay for one start.
 *
 * <p>Tests sharing it must not assume an empty database: use keys of their own (a random prefix or hash tag) or
 * {@link RedisServer#flushAll()} in a {@code @BeforeEach} when they run alone in their fork. The handle refuses stop,
 * kill, pause and restart; tests that need those start a server of their own with {@link RedisServer#start()}.
 */
public final class SharedRedis {

    private static RedisServer standalone;

    private SharedRedis() {}

    /**
     * The shared server, started now if this is the first call (or if its process died).
     *
     * @throws RedisFixtureException when redis-server is missing or does not start
     */
    public static synchronized RedisServer standalone() {
        if (standalone != null && standalone.isRunning()) {
            return standalone;
        }
        RedisServer previous = standalone;
        standalone = RedisServer.launch(RedisServer.Kind.STANDALONE, RedisOptions.defaults(), List.of(), true);
        if (previous != null) {
            previous.destroyShared();
        }
        return standalone;
    }
}
