package io.jumpingvpn.store.redis;

import static org.assertj.core.api.Assertions.fail;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What the Redis store's integration tests share: isolated key prefixes and a small vocabulary. */
final class RedisStoreTesting {

    /** Short enough for the TCK's tombstone test to wait out, long enough for its "still there" checks. */
    static final Duration RETENTION = Duration.ofSeconds(2);

    static final Duration LONG_LEASE = Duration.ofMinutes(5);
    static final Duration LONG_LIFETIME = Duration.ofHours(2);

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private RedisStoreTesting() {}

    /** A key prefix no other store of any test run uses. */
    static String uniquePrefix() {
        return "t" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** Options for a fresh, isolated store on {@code uri}. */
    static RedisStoreOptions.Builder isolated(String uri) {
        return RedisStoreOptions.builder(uri).keyPrefix(uniquePrefix()).tombstoneRetention(RETENTION);
    }

    /** The key of {@code id}'s record in {@code store} (the layout of docs/store-redis.md). */
    static String sessionKey(RedisSessionStore store, SessionId id) {
        return store.options().keyPrefix() + ":s:{" + id.value() + "}";
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a store call did not complete with a result", e);
        }
    }

    static <T> T committed(StoreResult<T> result) {
        if (result instanceof StoreResult.Committed<T> committed) {
            return committed.value();
        }
        return fail("expected a commit, got " + result);
    }

    static NodeLease register(SessionStore store, String node) {
        return committed(await(store.registerNode(new NodeId(node), LONG_LEASE)));
    }

    static CreateSession createRequest(SessionStore store, NodeLease owner, String request) {
        return new CreateSession(
                store.newSessionId(),
                AgentPublicKey.of(new byte[] {1, 2, 3, 4}),
                owner.node(),
                new Binding("udp", "192.0.2.10:51820"),
                new RequestId(request),
                LONG_LIFETIME,
                "policy-default");
    }

    static SessionRecord create(SessionStore store, NodeLease owner, String request) {
        return committed(await(store.create(createRequest(store, owner, request))));
    }

    static SessionRecord stored(SessionStore store, SessionId id) {
        var read = await(store.read(id));
        if (read instanceof ReadResult.Found found) {
            return found.record();
        }
        return fail("expected " + id + " to be found, got " + read);
    }
}
