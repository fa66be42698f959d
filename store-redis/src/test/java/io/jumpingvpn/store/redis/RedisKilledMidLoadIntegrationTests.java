package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.isolated;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.redis.Persistence;
import io.jumpingvpn.testkit.redis.RedisOptions;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis is killed (SIGKILL) while reattaches are in flight. Every call in flight or made afterwards must fail closed
 * (STORE_UNAVAILABLE or Unknown) within a bound of the command timeout; after a restart with the data (AOF, fsync
 * always), no request that was refused is found committed, and every version step is accounted for by a commit the
 * client saw or an outcome it was told is unknown.
 */
class RedisKilledMidLoadIntegrationTests {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** Generous on purpose: it bounds a hang, it does not measure speed. */
    private static final Duration FAIL_CLOSED_BOUND = COMMAND_TIMEOUT.multipliedBy(5);

    private static final int SESSIONS = 24;
    private static final int WORKERS = 6;

    private RedisServer server;
    private RedisSessionStore store;
    private ExecutorService workers;

    /** One finished call: which request, its result, and when it started and ended (System.nanoTime). */
    private record Call(
            int session, RequestId request, StoreResult<SessionRecord> result, long startNanos, long endNanos) {
        Duration took() {
            return Duration.ofNanos(endNanos - startNanos);
        }
    }

    @BeforeEach
    void start() {
        server = RedisServer.start(
                RedisOptions.builder().persistence(Persistence.AOF).build());
        store = RedisSessionStore.open(
                isolated(server.uri()).commandTimeout(COMMAND_TIMEOUT).build());
        workers = Executors.newFixedThreadPool(WORKERS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        store.close();
        server.close();
    }

    @Test
    void everyCallFailsClosedAndNothingRefusedIsFoundCommittedAfterRestart() throws Exception {
        var lease = register(store, "gw-1");
        var known = new SessionRecord[SESSIONS];
        for (int s = 0; s < SESSIONS; s++) {
            known[s] = create(store, lease, "create-" + s);
        }
        var calls = new ConcurrentLinkedQueue<Call>();
        var running = new AtomicBoolean(true);
        var sequence = new AtomicLong(1_000);
        var futures = new ArrayList<Future<?>>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            futures.add(workers.submit(() -> load(worker, lease, known, calls, running, sequence)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> committedCount(calls) >= 100);
        long killedAt = System.nanoTime();
        server.kill();
        // Keep the load on for a while against a dead server.
        RedisStoreTesting.sleep(Duration.ofSeconds(2));
        running.set(false);
        for (var future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }

        var afterKill = calls.stream().filter(c -> c.endNanos() > killedAt).toList();
        assertThat(afterKill).as("calls that ended after the kill").hasSizeGreaterThan(WORKERS);
        for (var call : afterKill) {
            if (call.startNanos() > killedAt) {
                assertThat(call.result())
                        .as("a call started after the kill")
                        .satisfiesAnyOf(
                                r -> assertThat(r).isInstanceOf(StoreResult.Unknown.class), r -> assertUnavailable(r));
            }
            assertThat(call.took()).as("time to fail closed of " + call).isLessThanOrEqualTo(FAIL_CLOSED_BOUND);
        }
        assertThat(afterKill).anySatisfy(call -> assertUnavailable(call.result()));

        server.restart(true);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> await(store.read(known[0].id())) instanceof ReadResult.Found);

        var byRequest = new HashMap<RequestId, Call>();
        calls.forEach(call -> byRequest.put(call.request(), call));
        for (int s = 0; s < SESSIONS; s++) {
            var record = ((ReadResult.Found) await(store.read(known[s].id()))).record();
            assertConsistent(s, record, known[s], byRequest);
        }
        assertThat(store.sessionsPendingReconciliation()).isZero();
    }

    private static long committedCount(ConcurrentLinkedQueue<Call> calls) {
        return calls.stream()
                .filter(c -> c.result() instanceof StoreResult.Committed)
                .count();
    }

    private static void assertUnavailable(StoreResult<?> result) {
        assertThat(result).isInstanceOfSatisfying(StoreResult.Rejected.class, r -> assertThat(r.code())
                .isEqualTo(StoreRejectCode.STORE_UNAVAILABLE));
    }

    /**
     * Every request the record remembers as committed was either seen committed by the client or reported unknown;
     * none was refused. The version is the last one the client saw committed, or above it by commits of requests
     * whose outcome was unknown.
     */
    private static void assertConsistent(
            int session, SessionRecord record, SessionRecord lastSeen, Map<RequestId, Call> calls) {
        for (var outcome : record.recentRequests()) {
            if (outcome.kind() != RequestOutcome.Kind.COMMITTED
                    || outcome.request().value().startsWith("create-")) {
                continue;
            }
            var call = calls.get(outcome.request());
            assertThat(call)
                    .as("the call of committed request " + outcome.request())
                    .isNotNull();
            assertThat(call.result())
                    .as("client result of a request found committed in session " + session)
                    .isNotInstanceOf(StoreResult.Rejected.class);
        }
        assertThat(record.version()).isGreaterThanOrEqualTo(lastSeen.version());
        if (record.version() > lastSeen.version()) {
            assertThat(record.recentRequests())
                    .filteredOn(o -> o.version() > lastSeen.version() && o.kind() == RequestOutcome.Kind.COMMITTED)
                    .as("commits above the last one seen by the client")
                    .isNotEmpty()
                    .allSatisfy(
                            o -> assertThat(calls.get(o.request()).result()).isInstanceOf(StoreResult.Unknown.class));
        }
    }

    /** A worker reattaches its own sessions in turn, at the version it last saw, until told to stop. */
    private void load(
            int worker,
            NodeLease lease,
            SessionRecord[] known,
            ConcurrentLinkedQueue<Call> calls,
            AtomicBoolean running,
            AtomicLong sequence) {
        var mine = new ArrayList<Integer>();
        for (int s = worker; s < SESSIONS; s += WORKERS) {
            mine.add(s);
        }
        for (int round = 0; running.get() && round < 100_000; round++) {
            int s = mine.get(round % mine.size());
            long n = sequence.incrementAndGet();
            var request = new RequestId("load-" + n);
            long started = System.nanoTime();
            var result = await(store.reattach(new ReattachCommit(
                    known[s].id(),
                    known[s].version(),
                    n,
                    request,
                    lease.node(),
                    new Binding("udp", "192.0.2.1:" + (n % 60000 + 1)))));
            calls.add(new Call(s, request, result, started, System.nanoTime()));
            if (result instanceof StoreResult.Committed<SessionRecord> committed) {
                known[s] = committed.value();
            } else if (result instanceof StoreResult.Rejected<SessionRecord> rejected
                    && rejected.code() != StoreRejectCode.STORE_UNAVAILABLE
                    && await(store.read(known[s].id())) instanceof ReadResult.Found found) {
                // An earlier unknown outcome turned out committed: go on from what is stored.
                known[s] = found.record();
            }
        }
    }
}
