package io.jumpingvpn.store.redis;

import static io.jumpingvpn.store.redis.RedisStoreTesting.await;
import static io.jumpingvpn.store.redis.RedisStoreTesting.committed;
import static io.jumpingvpn.store.redis.RedisStoreTesting.create;
import static io.jumpingvpn.store.redis.RedisStoreTesting.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.testkit.redis.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The script cache is flushed under the store: the next commit still commits, and the cache is filled again. */
class NoScriptRecoveryIntegrationTests {

    private RedisServer server;
    private RedisSessionStore store;

    @BeforeEach
    void start() {
        server = RedisServer.start();
        store = RedisSessionStore.open(RedisStoreTesting.isolated(server.uri()).build());
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    @Test
    void aCommitAfterScriptFlushCommitsAndTheScriptsAreLoadedAgain() {
        var lease = register(store, "gw-1");
        var session = create(store, lease, "create-1");
        assertThat(server.command("SCRIPT", "FLUSH").isOk()).isTrue();
        assertThat(cachedScripts()).isZero();

        var reattached = committed(await(store.reattach(new ReattachCommit(
                session.id(), 1, 7, new RequestId("r-1"), lease.node(), new Binding("udp", "192.0.2.9:1")))));

        assertThat(reattached.version()).isEqualTo(3);
        // One script came back with EVAL; the background reload brings back all eleven.
        await().atMost(Duration.ofSeconds(10)).until(() -> cachedScripts() >= 11);
    }

    /** How many distinct scripts the server has cached (INFO memory: number_of_cached_scripts). */
    private long cachedScripts() {
        return Long.parseLong(server.info("memory").get("number_of_cached_scripts"));
    }
}
