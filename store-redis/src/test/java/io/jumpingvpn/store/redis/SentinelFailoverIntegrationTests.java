package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static io.jumpingvpn.store.redis.RedisStoreTesting.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.redis.RedisSentinelGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover while the store is in use: once the Sentinels have promoted the replica, commits succeed again,
 * on the new primary, through the same store.
 */
class SentinelFailoverIntegrationTests {

    private RedisSentinelGroup group;
    private RedisSessionStore store;
    private final AtomicLong nonce = new AtomicLong(100);

    @BeforeEach
    void start() {
        group = RedisSentinelGroup.start();
        // WAIT makes every commit (and the lease writes before it on the same connection) reach the replica first.
        store = RedisSessionStore.open(RedisStoreTesting.isolated(group.uri())
                .waitForReplicas(1, Duration.ofMillis(300))
                .build());
    }

    @AfterEach
    void stop() {
        store.close();
        group.close();
    }

    @Test
    void commitsAfterTheFailoverSucceedAgainstTheNewPrimary() {
        var lease = register(store, "gw-1");
        var sessions = new ArrayList<SessionRecord>();
        for (int i = 0; i < 5; i++) {
            sessions.add(commitEventually(lease, create(store, lease, "create-" + i)));
        }
        var oldPrimary = group.primary();

        var newPrimary = group.failover(Duration.ofSeconds(30));
        assertThat(newPrimary).isNotSameAs(oldPrimary);

        for (var session : sessions) {
            var committed = commitEventually(lease, session);
            assertThat(committed.version()).isGreaterThan(session.version());
            assertThat(newPrimary
                            .command("HGET", sessionKey(store, session.id()), "v")
                            .asText())
                    .isEqualTo(Long.toString(committed.version()));
        }
    }

    /**
     * Reattaches {@code session} at its stored version until a commit succeeds. While the failover settles, a call may
     * be refused (unavailable, read-only primary) or unknown; the store reconciles unknowns before the next attempt.
     */
    private SessionRecord commitEventually(NodeLease lease, SessionRecord session) {
        var result = new AtomicReference<SessionRecord>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!(await(store.read(session.id())) instanceof ReadResult.Found found)) {
                        return false;
                    }
                    var attempt = await(store.reattach(new ReattachCommit(
                            session.id(),
                            found.record().version(),
                            nonce.incrementAndGet(),
                            new RequestId("r-" + nonce.get()),
                            lease.node(),
                            new Binding("udp", "192.0.2.5:7"))));
                    if (attempt instanceof StoreResult.Committed<io.jumpingvpn.store.SessionRecord> committed) {
                        result.set(committed.value());
                        return true;
                    }
                    return false;
                });
        return result.get();
    }
}
