package io.jumpingvpn.store.redis;

import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.tck.SessionStoreContract;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;

/**
 * The contract suite against a real Redis deployment: every store gets a key prefix of its own, time passes for real
 * (Redis TIME), and a record is corrupted by writing an impossible version straight into its hash.
 */
abstract class RedisContractSupport extends SessionStoreContract {

    /** The URI of the deployment under test. */
    protected abstract String uri();

    /** The data server that holds {@code key}. */
    protected abstract RedisServer serverFor(String key);

    @Override
    public SessionStore createStore() {
        return RedisSessionStore.open(RedisStoreTesting.isolated(uri()).build());
    }

    @Override
    public void elapse(Duration duration) {
        RedisStoreTesting.sleep(duration);
    }

    @Override
    public Duration tombstoneRetention() {
        return RedisStoreTesting.RETENTION;
    }

    @Override
    public boolean corruptRecord(SessionStore store, SessionId id) {
        var key = RedisStoreTesting.sessionKey((RedisSessionStore) store, id);
        var reply = serverFor(key).command("HSET", key, "v", "0");
        return !reply.isError();
    }
}
