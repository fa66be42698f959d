package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.LONG_LEASE;
import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis comes back empty (restart without persistence): the store incarnation is gone, so the next renewal of every
 * node is STORE_STATE_LOST, and the first node to register again creates a new incarnation.
 */
class RedisRestartedEmptyIntegrationTests {

    private RedisServer server;
    private RedisSessionStore gatewayA;
    private RedisSessionStore gatewayB;

    @BeforeEach
    void start() {
        server = RedisServer.start();
        // Two gateway nodes share one table: same URI, same key prefix.
        var options = RedisStoreTesting.isolated(server.uri()).build();
        gatewayA = RedisSessionStore.open(options);
        gatewayB = RedisSessionStore.open(options);
    }

    @AfterEach
    void stop() {
        gatewayA.close();
        gatewayB.close();
        server.close();
    }

    @Test
    void theIncarnationLossIsDetectedByEveryNodeAndReRegistrationCreatesANewOne() {
        var a = register(gatewayA, "gw-a");
        var b = register(gatewayB, "gw-b");
        assertThat(b.incarnation()).isEqualTo(a.incarnation());
        var session = create(gatewayA, a, "create-1");

        server.restart(false);

        assertThat(renewOnceReachable(gatewayA, a))
                .isInstanceOfSatisfying(StoreResult.Rejected.class, r -> assertThat(r.code())
                        .isEqualTo(StoreRejectCode.STORE_STATE_LOST));
        assertThat(await(gatewayA.read(session.id()))).isInstanceOf(ReadResult.Absent.class);

        var again = register(gatewayA, "gw-a");
        assertThat(again.incarnation()).isNotEqualTo(a.incarnation());
        assertThat(again.alive()).isTrue();

        assertThat(renewOnceReachable(gatewayB, b))
                .isInstanceOfSatisfying(StoreResult.Rejected.class, r -> assertThat(r.code())
                        .isEqualTo(StoreRejectCode.STORE_STATE_LOST));
        var bAgain = register(gatewayB, "gw-b");
        assertThat(bAgain.incarnation()).isEqualTo(again.incarnation());
        assertThat(bAgain.node().epoch()).isGreaterThan(again.node().epoch());
        assertThat(committed(await(gatewayB.renewNode(bAgain.node(), bAgain.incarnation(), LONG_LEASE)))
                        .lease()
                        .alive())
                .isTrue();
    }

    /** Renews until the store answers something other than "unavailable" (the client reconnects in the background). */
    private static StoreResult<LeaseRenewal> renewOnceReachable(RedisSessionStore store, NodeLease lease) {
        var last = new AtomicReference<StoreResult<LeaseRenewal>>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last.set(await(store.renewNode(lease.node(), lease.incarnation(), LONG_LEASE)));
                    return !(last.get() instanceof StoreResult.Unknown)
                            && !(last.get() instanceof StoreResult.Rejected<LeaseRenewal> r
                                    && r.code() == StoreRejectCode.STORE_UNAVAILABLE);
                });
        return last.get();
    }
}
