package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static io.jumpingvpn.store.redis.RedisStoreTesting.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.testkit.proxy.FaultMode;
import io.jumpingvpn.testkit.proxy.FaultProxy;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway reaches Redis through a fault-injecting proxy. A commit whose reply is lost is Unknown, and reconciliation
 * then finds it committed; a commit that never reached Redis is Unknown too, reconciliation fences it, and when the
 * held command is finally delivered it cannot commit.
 */
class LostReplyIntegrationTests {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(400);

    private RedisServer server;
    private FaultProxy proxy;
    private RedisSessionStore proxied;
    private RedisSessionStore direct;
    private NodeLease lease;
    private SessionRecord session;

    @BeforeEach
    void start() {
        server = RedisServer.start();
        proxy = FaultProxy.start(server.host(), server.port());
        var prefix = RedisStoreTesting.uniquePrefix();
        proxied = RedisSessionStore.open(RedisStoreOptions.builder("redis://" + proxy.host() + ":" + proxy.port())
                .keyPrefix(prefix)
                .commandTimeout(COMMAND_TIMEOUT)
                .build());
        direct = RedisSessionStore.open(
                RedisStoreOptions.builder(server.uri()).keyPrefix(prefix).build());
        lease = register(direct, "gw-1");
        session = create(direct, lease, "create-1");
        // The proxied store connects on first use; open its connection while the proxy still passes everything.
        assertThat(stored(proxied, session.id())).isEqualTo(session);
    }

    @AfterEach
    void stop() {
        proxied.close();
        direct.close();
        proxy.close();
        server.close();
    }

    @Test
    void aCommitWhoseReplyIsLostIsUnknownThenReconciledAsCommitted() {
        var request = reattach(new RequestId("lost-reply"));
        proxy.setMode(FaultMode.DROP_REPLIES);

        assertThat(await(proxied.reattach(request))).isInstanceOf(StoreResult.Unknown.class);

        assertThat(stored(direct, session.id()).outcomeOf(request.request()))
                .as("the commit did happen in Redis")
                .hasValueSatisfying(o -> assertThat(o.kind()).isEqualTo(RequestOutcome.Kind.COMMITTED));
        assertThat(proxied.sessionsPendingReconciliation()).isEqualTo(1);
        // The connection that lost a reply is out of step: reset it, the client reconnects.
        proxy.setMode(FaultMode.RESET);
        proxy.setMode(FaultMode.PASS);

        var settled = onceReachable(() -> await(proxied.reconcile(session.id(), request.request(), lease.node())));
        assertThat(settled).isInstanceOfSatisfying(StoreResult.Committed.class, c -> {
            assertThat(c.retried()).isTrue();
            assertThat(((SessionRecord) c.value()).version()).isEqualTo(3);
            assertThat(((SessionRecord) c.value()).owner()).isEqualTo(lease.node());
        });
        assertThat(proxied.sessionsPendingReconciliation()).isZero();
    }

    @Test
    void theNextOperationOnTheSessionReconcilesFirst() {
        var request = reattach(new RequestId("lost-reply"));
        proxy.setMode(FaultMode.DROP_REPLIES);
        assertThat(await(proxied.reattach(request))).isInstanceOf(StoreResult.Unknown.class);
        proxy.setMode(FaultMode.RESET);
        proxy.setMode(FaultMode.PASS);

        // The caller knows only version 1; the store settles the unknown reattach (version 3) before this runs.
        var transition = new TransitionCommit(
                session.id(), 3, SessionState.ATTACHED, SessionState.VOLATILE, lease.node(), new RequestId("next"));
        var result = onceReachable(() -> await(proxied.transition(transition)));

        assertThat(result).isInstanceOfSatisfying(StoreResult.Committed.class, c -> assertThat(
                        ((SessionRecord) c.value()).version())
                .isEqualTo(4));
        assertThat(proxied.sessionsPendingReconciliation()).isZero();
    }

    @Test
    void aCommitThatNeverArrivedIsFencedAndCannotCommitWhenDeliveredLate() {
        var request = reattach(new RequestId("held-back"));
        proxy.setMode(FaultMode.BLACKHOLE);

        assertThat(await(proxied.reattach(request))).isInstanceOf(StoreResult.Unknown.class);
        assertThat(stored(direct, session.id()).outcomeOf(request.request()))
                .as("the command is held by the partition")
                .isEmpty();

        // Another path to Redis settles it: fenced, version unchanged.
        var fenced = await(direct.reconcile(session.id(), request.request(), lease.node()));
        assertThat(fenced).isInstanceOfSatisfying(StoreResult.Rejected.class, r -> assertThat(r.code())
                .isEqualTo(StoreRejectCode.NOT_COMMITTED));
        long upstreamBefore = proxy.stats().upstreamBytes();

        // The partition heals: the held EVALSHA is delivered and runs now. Anything the proxied store sends next runs
        // after it on the same connection, so once this read answers the late command has run.
        proxy.setMode(FaultMode.PASS);
        var after = onceReachable(() -> await(proxied.read(session.id())));

        assertThat(proxy.stats().upstreamBytes()).isGreaterThan(upstreamBefore);
        var record = stored(direct, session.id());
        assertThat(record.version()).isEqualTo(session.version());
        assertThat(record.owner()).isEqualTo(session.owner());
        assertThat(record.binding()).isEqualTo(session.binding());
        assertThat(record.outcomeOf(request.request()))
                .hasValueSatisfying(o -> assertThat(o.kind()).isEqualTo(RequestOutcome.Kind.FENCED));
        assertThat(after).isNotNull();
        assertThat(proxied.sessionsPendingReconciliation()).isZero();
    }

    private ReattachCommit reattach(RequestId request) {
        return new ReattachCommit(
                session.id(), session.version(), 41, request, lease.node(), new Binding("tcp", "203.0.113.7:443"));
    }

    /** Repeats {@code call} until the store was reachable for it (it reconnects in the background). */
    private static <T> T onceReachable(Supplier<T> call) {
        var last = new AtomicReference<T>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last.set(call.get());
                    return !(last.get() instanceof StoreResult.Rejected<?> r
                                    && r.code() == StoreRejectCode.STORE_UNAVAILABLE)
                            && !(last.get() instanceof io.jumpingvpn.store.ReadResult.Unavailable);
                });
        return last.get();
    }
}
