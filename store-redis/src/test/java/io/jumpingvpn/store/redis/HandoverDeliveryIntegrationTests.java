package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.LONG_LEASE;
import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.proxy.FaultMode;
import io.jumpingvpn.testkit.proxy.FaultProxy;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-overs against one real redis-server, where the Redis store has more to get right than the contract shows: a
 * renewal whose reply is lost loses no hand-over (they are removed only once a later renewal acknowledges them); the
 * pub/sub subscription comes back after its connection is killed; hand-overs of epochs that can never renew are
 * removed from the lease slot instead of accumulating there; releases are published, and refused while Redis cannot
 * be reached.
 */
class HandoverDeliveryIntegrationTests {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(400);

    private final AtomicLong sequence = new AtomicLong();
    private RedisServer server;
    private FaultProxy proxy;
    private RedisSessionStore proxied;
    private RedisSessionStore direct;
    private String prefix;

    @BeforeEach
    void start() {
        server = RedisServer.start();
        proxy = FaultProxy.start(server.host(), server.port());
        prefix = RedisStoreTesting.uniquePrefix();
        proxied = RedisSessionStore.open(RedisStoreOptions.builder("redis://" + proxy.host() + ":" + proxy.port())
                .keyPrefix(prefix)
                .commandTimeout(COMMAND_TIMEOUT)
                .build());
        direct = RedisSessionStore.open(
                RedisStoreOptions.builder(server.uri()).keyPrefix(prefix).build());
    }

    @AfterEach
    void stop() {
        proxied.close();
        direct.close();
        proxy.close();
        server.close();
    }

    @Test
    void aRenewalWhoseReplyIsLostLosesNoHandover() {
        var a = register(proxied, "gw-a");
        var b = register(direct, "gw-b");
        var first = displace(a, b);
        assertThat(renew(proxied, a).handovers()).containsExactly(first);

        var second = displace(a, b);
        proxy.setMode(FaultMode.DROP_REPLIES);
        assertThat(await(proxied.renewNode(a.node(), a.incarnation(), LONG_LEASE)))
                .as("the renewal ran in Redis, its reply was lost")
                .isInstanceOf(StoreResult.Unknown.class);
        proxy.setMode(FaultMode.RESET);
        proxy.setMode(FaultMode.PASS);
        var third = displace(a, b);

        var next = onceReachable(() -> await(proxied.renewNode(a.node(), a.incarnation(), LONG_LEASE)));
        assertThat(committed(next).handovers())
                .as("what the lost renewal would have carried comes now, and what was handed out before does not")
                .containsExactlyInAnyOrder(second, third);
        assertThat(renew(proxied, a).handovers()).isEmpty();
    }

    @Test
    void aWatchComesBackAfterItsConnectionIsKilled() {
        var a = register(direct, "gw-a");
        var b = register(direct, "gw-b");
        var received = new CopyOnWriteArrayList<Handover>();
        try (var watch = direct.watch(a.node(), listener(received))) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        displace(a, b);
                        return !received.isEmpty();
                    });

            var killed = server.command("CLIENT", "KILL", "TYPE", "pubsub");
            assertThat(killed.isError()).as("CLIENT KILL: " + killed).isFalse();
            var produced = new CopyOnWriteArrayList<Handover>();

            // A notice published before the kill may still arrive late: only one produced after it proves the watch
            // came back.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        produced.add(displace(a, b));
                        return received.stream().anyMatch(produced::contains);
                    });
            assertThat(received).containsAnyElementsOf(produced);
        }
    }

    @Test
    void handoversOfEpochsThatCanNeverRenewAreDroppedFromTheLeaseSlot() {
        var old = register(direct, "gw-a");
        var b = register(direct, "gw-b");
        displace(old, b);
        displace(old, b);
        assertThat(handoverFields()).hasSize(2);

        var current = register(direct, "gw-a");
        assertThat(handoverFields()).as("after gw-a registered again").isEmpty();

        displace(current, b);
        committed(await(direct.releaseNode(current.node())));
        assertThat(handoverFields()).as("after gw-a released its lease").isEmpty();

        var lapsing = committed(await(direct.registerNode(new NodeId("gw-c"), Duration.ofMillis(1_500))));
        displace(lapsing, b);
        assertThat(handoverFields()).hasSize(1);
        RedisStoreTesting.sleep(Duration.ofMillis(1_700));
        renew(direct, b);
        assertThat(handoverFields())
                .as("after any renewal once gw-c's lease lapsed")
                .isEmpty();
    }

    @Test
    void aReleaseIsPublishedForTheNewOwner() {
        var a = register(direct, "gw-a");
        var b = register(direct, "gw-b");
        var releases = new CopyOnWriteArrayList<Release>();
        var handover = displace(a, b);
        var release = Release.of(handover);
        try (var watch = direct.watch(b.node(), new OwnershipListener() {
            @Override
            public void onHandover(Handover ignored) {}

            @Override
            public void onRelease(Release received) {
                releases.add(received);
            }
        })) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        assertThat(committed(await(proxied.announceRelease(release))))
                                .isEqualTo(release);
                        return !releases.isEmpty();
                    });
        }
        proxy.setMode(FaultMode.RESET);
        // One announcement may still meet the connection as it breaks (Unknown); then the store knows it is down.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var result = await(proxied.announceRelease(release));
                    assertThat(result).isNotInstanceOf(StoreResult.Committed.class);
                    return result instanceof StoreResult.Rejected<Release> r
                            && r.code() == StoreRejectCode.STORE_UNAVAILABLE;
                });
    }

    /** A session created by {@code from} and reattached at {@code to}; returns the hand-over queued for {@code from}. */
    private Handover displace(NodeLease from, NodeLease to) {
        var session = create(direct, from, "create-" + sequence.incrementAndGet());
        var moved = committed(await(direct.reattach(new ReattachCommit(
                session.id(),
                session.version(),
                sequence.incrementAndGet(),
                new RequestId("reattach-" + sequence.incrementAndGet()),
                to.node(),
                new Binding("udp", "198.51.100.9:4500")))));
        return handover(session, moved, from, to);
    }

    private static Handover handover(SessionRecord before, SessionRecord after, NodeLease from, NodeLease to) {
        return new Handover(before.id(), after.version(), from.node(), Optional.of(to.node()), CommitKind.REATTACH);
    }

    private static LeaseRenewal renew(RedisSessionStore store, NodeLease lease) {
        return committed(await(store.renewNode(lease.node(), lease.incarnation(), LONG_LEASE)));
    }

    private List<String> handoverFields() {
        var keys = server.command("HKEYS", prefix + ":ls:{0}");
        return keys.asList().stream()
                .map(value -> value.asText())
                .filter(name -> name.startsWith("h:"))
                .toList();
    }

    private static OwnershipListener listener(List<Handover> received) {
        return new OwnershipListener() {
            @Override
            public void onHandover(Handover handover) {
                received.add(handover);
            }

            @Override
            public void onRelease(Release release) {}
        };
    }

    private static <T> StoreResult<T> onceReachable(Supplier<StoreResult<T>> call) {
        var last = new AtomicReference<StoreResult<T>>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last.set(call.get());
                    return !(last.get() instanceof StoreResult.Rejected<?> r
                            && r.code() == StoreRejectCode.STORE_UNAVAILABLE);
                });
        return last.get();
    }
}
