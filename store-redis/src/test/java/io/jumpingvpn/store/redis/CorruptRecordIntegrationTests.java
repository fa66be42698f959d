package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static io.jumpingvpn.store.redis.RedisStoreTesting.sessionKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.testkit.redis.RedisServer;
import io.jumpingvpn.testkit.redis.SharedRedis;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scripts' record validation, field by field: a record that breaks an invariant in any way is refused with
 * {@code RECORD_CORRUPT} and left exactly as it was, and a well-formed record at the edges of the format still
 * commits. The contract suite corrupts one field only; the checks are written for speed, so each is pinned here.
 */
class CorruptRecordIntegrationTests {

    private static final String OUTCOME = "r-1 gw-1 1 1 C";

    private final AtomicInteger requests = new AtomicInteger();
    private RedisServer server;
    private RedisSessionStore store;
    private NodeLease lease;

    @BeforeEach
    void open() {
        server = SharedRedis.standalone();
        store = RedisSessionStore.open(RedisStoreTesting.isolated(server.uri()).build());
        lease = register(store, "gw-1");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everyBrokenFieldMakesTheRecordCorrupt() {
        var corruptions = List.of(
                Map.entry("fv", "2"),
                Map.entry("id", "someone-else"),
                Map.entry("key", ""),
                Map.entry("key", "AAE C"),
                Map.entry("key", "AAE="),
                Map.entry("st", "BIRTH"),
                Map.entry("st", "attached"),
                Map.entry("v", "0"),
                Map.entry("v", "01"),
                Map.entry("v", "1.0"),
                Map.entry("v", "1e3"),
                Map.entry("v", " 3"),
                Map.entry("v", "0x10"),
                Map.entry("v", "-3"),
                Map.entry("v", "inf"),
                Map.entry("v", "1234567890123456"),
                Map.entry("bv", "1"),
                Map.entry("bv", ""),
                Map.entry("on", "gw 1"),
                Map.entry("on", "g".repeat(65)),
                Map.entry("oe", "0"),
                Map.entry("oe", "x"),
                Map.entry("b", "udp:/192.0.2.1:1"),
                Map.entry("b", "UDP://192.0.2.1:1"),
                Map.entry("b", "udp://192.0.2.1 1"),
                Map.entry("b", "udp://"),
                Map.entry("b", "udp://192.0.2.1:1\n"),
                Map.entry("n", "007"),
                Map.entry("n", "12345678901234567890"),
                Map.entry("n", "-1"),
                Map.entry("lc", "REBOOT"),
                Map.entry("rq", "r-1 gw-1 1 1"),
                Map.entry("rq", "r-1 gw-1 1 1 X"),
                Map.entry("rq", "r-1 gw-1 1 1 C;"),
                Map.entry("rq", ";r-1 gw-1 1 1 C"),
                Map.entry("rq", "r-1 gw-1 1 1 C;;r-2 gw-1 1 3 C"),
                Map.entry("rq", "r-1 gw-1 1 1 C r-2"),
                Map.entry("rq", "r-1  gw-1 1 1 C"),
                Map.entry("rq", "r/1 gw-1 1 1 C"),
                Map.entry("rq", "r-1 gw-1 x 1 C"),
                Map.entry("rq", "r-1 gw-1 1 1 C\nr-2 gw-1 1 3 C"),
                Map.entry("rq", String.join(";", Collections.nCopies(9, OUTCOME))),
                Map.entry("ca", "x"),
                Map.entry("ua", "5"),
                Map.entry("ea", "0"),
                Map.entry("pr", ""),
                Map.entry("pr", "policy default"),
                Map.entry("tr", "GONE"),
                Map.entry("hu", "x"),
                Map.entry("hu", "01"),
                Map.entry("hu", "5"),
                Map.entry("po", "gw-2"),
                Map.entry("po", "gw 2:3"),
                Map.entry("po", "gw-2:0"),
                Map.entry("po", "gw-2:3"));
        for (var corruption : corruptions) {
            var session = create(store, lease, "c-" + requests.incrementAndGet());
            var key = sessionKey(store, session.id());
            assertThat(server.command("HSET", key, corruption.getKey(), corruption.getValue())
                            .isError())
                    .isFalse();
            var before = server.command("HGETALL", key);

            var result = await(store.reattach(reattachOf(session)));

            assertThat(result)
                    .as("%s = '%s'", corruption.getKey(), corruption.getValue())
                    .isInstanceOfSatisfying(StoreResult.Rejected.class, r -> assertThat(r.code())
                            .isEqualTo(StoreRejectCode.RECORD_CORRUPT));
            assertThat(await(store.read(session.id())))
                    .as("%s = '%s'", corruption.getKey(), corruption.getValue())
                    .isInstanceOf(ReadResult.Corrupt.class);
            assertThat(server.command("HGETALL", key)).isEqualTo(before);
        }
    }

    @Test
    void aRecordAtTheEdgesOfTheFormatStillCommits() {
        var session = create(store, lease, "c-edge");
        var key = sessionKey(store, session.id());
        var full = String.join(";", Collections.nCopies(SessionRecord.RECENT_REQUESTS, OUTCOME));
        server.command(
                "HSET",
                key,
                "rq",
                full,
                "n",
                "999999999999999999",
                "b",
                "quic9://[2001:db8::1]:443?x=~!",
                "pr",
                "p.o_l-1");

        var request = new ReattachCommit(
                session.id(),
                session.version(),
                1_000_000_000_000_000_000L,
                new RequestId("r-edge"),
                lease.node(),
                new Binding("udp", "192.0.2.7:9"));
        var reattached = committed(await(store.reattach(request)));

        assertThat(reattached.lastNonce()).isEqualTo(1_000_000_000_000_000_000L);
        assertThat(reattached.recentRequests()).hasSize(SessionRecord.RECENT_REQUESTS);
        assertThat(reattached.recentRequests().getLast().request()).isEqualTo(new RequestId("r-edge"));
        assertThat(reattached.outcomeOf(new RequestId("r-1"))).isPresent();
        // The same request again is recognised by its id although the list was full when it was appended.
        assertThat(await(store.reattach(request)))
                .isInstanceOfSatisfying(StoreResult.Committed.class, c -> assertThat(c.retried())
                        .isTrue());
    }

    @Test
    void aRecordWrittenBeforeTheHandoverFieldsReadsAsHavingNoPreviousOwner() {
        var session = create(store, lease, "c-legacy");
        var key = sessionKey(store, session.id());
        assertThat(server.command("HDEL", key, "po", "hu").asLong()).isEqualTo(2);

        var reattached = committed(await(store.reattach(reattachOf(session))));

        assertThat(reattached.previousOwner()).isEmpty();
        assertThat(reattached.handoverUntilMs()).isZero();
        assertThat(server.command("HGET", key, "hu").asText()).isEqualTo("0");
    }

    @Test
    void aRequestIdIsMatchedWholeNotAsAPrefixOrANodeName() {
        var session = create(store, lease, "c-prefix");
        var key = sessionKey(store, session.id());
        // 'gw-1' appears as a node name, 'r-12' shares a prefix with 'r-1': neither may be taken for a recorded id.
        server.command("HSET", key, "rq", "r-12 gw-1 1 1 C;x gw-1 1 1 F");

        for (var id : List.of("r-1", "gw-1", "r-12x", "1")) {
            session = committed(await(store.reattach(new ReattachCommit(
                    session.id(),
                    session.version(),
                    session.lastNonce() + 1,
                    new RequestId(id),
                    lease.node(),
                    new Binding("udp", "192.0.2.7:9")))));
        }
        var fenced = await(store.reattach(new ReattachCommit(
                session.id(),
                session.version(),
                session.lastNonce() + 1,
                new RequestId("x"),
                lease.node(),
                new Binding("udp", "192.0.2.7:9"))));
        assertThat(fenced).isInstanceOfSatisfying(StoreResult.Rejected.class, r -> assertThat(r.code())
                .isEqualTo(StoreRejectCode.NOT_COMMITTED));
    }

    private ReattachCommit reattachOf(SessionRecord session) {
        return new ReattachCommit(
                session.id(),
                session.version(),
                session.lastNonce() + 1,
                new RequestId("r-" + requests.incrementAndGet()),
                lease.node(),
                new Binding("udp", "192.0.2.8:1"));
    }
}
