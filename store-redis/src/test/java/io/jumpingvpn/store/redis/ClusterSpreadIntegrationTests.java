package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.testkit.redis.RedisCluster;
import io.jumpingvpn.testkit.redis.RedisServer;
import io.jumpingvpn.testkit.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** In a 3-master Redis Cluster, sessions and lease copies land on every master, and commits work on each. */
class ClusterSpreadIntegrationTests {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sessionsAndLeaseCopiesSpreadAcrossAllMasters() {
        try (var store =
                RedisSessionStore.open(RedisStoreTesting.isolated(cluster.uri()).build())) {
            var lease = register(store, "gw-1");
            var sessions = new ArrayList<SessionRecord>();
            for (int i = 0; i < 48; i++) {
                var created = create(store, lease, "create-" + i);
                sessions.add(committed(await(store.reattach(new ReattachCommit(
                        created.id(),
                        1,
                        5,
                        new RequestId("r-" + i),
                        lease.node(),
                        new Binding("udp", "192.0.2.1:9"))))));
            }
            var prefix = store.options().keyPrefix();

            assertThat(cluster.masters()).hasSize(3).allSatisfy(master -> {
                assertThat(keys(master, prefix + ":s:*"))
                        .as("session records on " + master)
                        .isNotEmpty();
                assertThat(keys(master, prefix + ":ls:*"))
                        .as("lease copies on " + master)
                        .isNotEmpty();
            });
            var total = cluster.masters().stream()
                    .mapToInt(m -> keys(m, prefix + ":s:*").size())
                    .sum();
            assertThat(total).isEqualTo(48);
            assertThat(sessions).allSatisfy(s -> assertThat(s.version()).isEqualTo(3));
        }
    }

    /** The keys matching {@code pattern} on one node (SCAN, bounded). */
    private static List<String> keys(RedisServer node, String pattern) {
        var found = new ArrayList<String>();
        var cursor = "0";
        for (int step = 0; step < 10_000; step++) {
            var reply = node.command("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
                    .asList();
            cursor = reply.get(0).asText();
            reply.get(1).asList().stream().map(RespValue::asText).forEach(found::add);
            if (cursor.equals("0")) {
                break;
            }
        }
        return found;
    }
}
