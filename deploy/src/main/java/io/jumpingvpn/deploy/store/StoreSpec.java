package io.jumpingvpn.deploy.store;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.jumpingvpn.store.redis.RedisSessionStore;
import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.jumpingvpn.store.redis.internal.RedisTarget;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;

/** A parsed store choice: {@code memory} (the embedded store of a single node) or a Redis connection URI. */
public sealed interface StoreSpec {

    /** A short name of the store kind for reports: {@code memory}, {@code redis-standalone}, ... */
    String mode();

    /** The target as it may be printed (passwords masked). */
    String redacted();

    /** Opens the store with its production defaults, adjusted by {@code redisOptions} when it is Redis. */
    SessionStore open(UnaryOperator<RedisStoreOptions.Builder> redisOptions);

    /** Opens the store isolated for a benchmark: on Redis, under a key prefix of its own. */
    default SessionStore openForBenchmark() {
        var prefix = "jvpn-bench-" + Long.toString(new SecureRandom().nextLong() & 0xffffffffL, 36);
        return open(builder -> builder.keyPrefix(prefix));
    }

    /** Parses {@code memory} or a Redis URI; a bad value is a {@link UserError} naming it. */
    static StoreSpec parse(String text) {
        requireNonNull(text, "text");
        if (text.strip().equalsIgnoreCase("memory")) {
            return new Memory();
        }
        try {
            var uri = text.strip();
            return new Redis(uri, RedisStoreOptions.builder(uri).build());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The embedded in-memory store. */
    record Memory() implements StoreSpec {
        @Override
        public String mode() {
            return "memory";
        }

        @Override
        public String redacted() {
            return "memory";
        }

        @Override
        public SessionStore open(UnaryOperator<RedisStoreOptions.Builder> redisOptions) {
            return new InMemorySessionStore();
        }
    }

    /** A Redis deployment: standalone, Sentinel or Cluster, as the URI says. */
    record Redis(String uri, RedisStoreOptions options) implements StoreSpec {
        public Redis {
            requireNonNull(uri, "uri");
            requireNonNull(options, "options");
        }

        @Override
        public String mode() {
            return switch (options.target()) {
                case RedisTarget.Standalone ignored -> "redis-standalone";
                case RedisTarget.Sentinel ignored -> "redis-sentinel";
                case RedisTarget.Cluster ignored -> "redis-cluster";
            };
        }

        @Override
        public String redacted() {
            return options.displayUri();
        }

        @Override
        public SessionStore open(UnaryOperator<RedisStoreOptions.Builder> redisOptions) {
            try {
                return RedisSessionStore.open(
                        redisOptions.apply(RedisStoreOptions.builder(uri)).build());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }
}
