package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static io.jumpingvpn.store.redis.RedisStoreTesting.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.testkit.redis.RedisSentinelGroup;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WAIT after every commit, against a primary with one real replica: commits the replica acknowledged are committed;
 * with the replica stopped (SIGSTOP) the acknowledgement count falls short and commits come back Unknown, to be
 * reconciled once it is back.
 */
class WaitForReplicasIntegrationTests {

    private static RedisSentinelGroup group;
    private RedisSessionStore store;

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

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
        group.replicas().forEach(RedisServer::resume);
    }

    @Test
    void acknowledgedCommitsAreCommittedAndReachTheReplica() {
        store = RedisSessionStore.open(
                RedisStoreTesting.isolated(group.primary().uri())
                        .waitForReplicas(1, Duration.ofMillis(300))
                        .build());
        var lease = register(store, "gw-1");

        var session = create(store, lease, "create-1");
        var moved = committed(await(store.transition(volatileOf(session, "t-1"))));

        var replica = group.replicas().getFirst();
        var key = sessionKey(store, session.id());
        // WAIT returned, so the replica has the write now, not eventually.
        assertThat(replica.command("HGET", key, "v").asText()).isEqualTo(Long.toString(moved.version()));
    }

    @Test
    void tooFewAcknowledgementsMakeACommitUnknownAndItIsReconciledLater() {
        store = RedisSessionStore.open(
                RedisStoreTesting.isolated(group.primary().uri())
                        .waitForReplicas(1, Duration.ofMillis(200))
                        .build());
        var lease = register(store, "gw-1");
        var session = create(store, lease, "create-1");
        var replica = group.replicas().getFirst();

        replica.pause();
        var unacknowledged = await(store.transition(volatileOf(session, "t-1")));
        assertThat(unacknowledged).isInstanceOf(StoreResult.Unknown.class);
        assertThat(((StoreResult.Unknown<?>) unacknowledged).cause()).contains("0 of 1 replicas");
        assertThat(store.sessionsPendingReconciliation()).isEqualTo(1);

        replica.resume();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var next = await(store.transition(new TransitionCommit(
                    session.id(),
                    2,
                    SessionState.VOLATILE,
                    SessionState.DEGRADED,
                    lease.node(),
                    new RequestId("t-2"))));
            return next instanceof StoreResult.Committed;
        });
        assertThat(store.sessionsPendingReconciliation()).isZero();
    }

    @Test
    void askingForMoreReplicasThanExistIsNeverCommitted() {
        store = RedisSessionStore.open(
                RedisStoreTesting.isolated(group.primary().uri())
                        .waitForReplicas(2, Duration.ofMillis(100))
                        .build());
        var lease = register(store, "gw-1");

        var result = await(store.create(RedisStoreTesting.createRequest(store, lease, "create-1")));

        assertThat(result).isInstanceOf(StoreResult.Unknown.class);
    }

    private static TransitionCommit volatileOf(SessionRecord record, String request) {
        return new TransitionCommit(
                record.id(),
                record.version(),
                SessionState.ATTACHED,
                SessionState.VOLATILE,
                record.owner(),
                new RequestId(request));
    }
}
