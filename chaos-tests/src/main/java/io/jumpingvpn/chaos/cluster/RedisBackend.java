package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.testkit.redis.Persistence;
import io.jumpingvpn.testkit.redis.RedisOptions;
import io.jumpingvpn.testkit.redis.RedisSentinelGroup;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;

/** The real Redis of a run, and the faults that hit it as a whole. */
public sealed interface RedisBackend extends AutoCloseable {

    RedisMode mode();

    @Override
    void close();

    static RedisBackend start(RedisMode mode) {
        requireNonNull(mode, "mode");
        return switch (mode) {
            case STANDALONE ->
                new Standalone(RedisServer.start(
                        RedisOptions.builder().persistence(Persistence.AOF).build()));
            case SENTINEL -> new Sentinel(RedisSentinelGroup.start());
        };
    }

    /** One server with AOF persistence: a kill loses nothing that was acknowledged. */
    record Standalone(RedisServer server) implements RedisBackend {
        public Standalone {
            requireNonNull(server, "server");
        }

        @Override
        public RedisMode mode() {
            return RedisMode.STANDALONE;
        }

        /** SIGKILL. */
        public void kill() {
            server.kill();
        }

        /** Starts the killed server again on its port, with its AOF ({@code keepData}) or empty. */
        public void restart(boolean keepData) {
            server.restart(keepData);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Primary + replica + three Sentinels. */
    record Sentinel(RedisSentinelGroup group) implements RedisBackend {
        public Sentinel {
            requireNonNull(group, "group");
        }

        @Override
        public RedisMode mode() {
            return RedisMode.SENTINEL;
        }

        /**
         * Waits until the group is healthy again (a previous failover's old primary turned replica), then forces a
         * failover and waits until the Sentinels agree on the new primary.
         */
        public void failover(Duration timeout) {
            group.awaitHealthy(timeout);
            group.failover(timeout);
        }

        @Override
        public void close() {
            group.close();
        }
    }
}
