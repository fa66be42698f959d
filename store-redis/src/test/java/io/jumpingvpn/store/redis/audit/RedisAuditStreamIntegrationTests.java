package io.jumpingvpn.store.redis.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.testkit.redis.RedisServer;
import io.jumpingvpn.testkit.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit stream against a real redis-server: entries as written, a bounded length, fast failure while down. */
class RedisAuditStreamIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServer redis;
    private RedisAuditStream stream;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        redis.close();
    }

    @Test
    void anEntryHoldsTheJsonLineAndTheFieldsInOrder() throws Exception {
        stream = RedisAuditStream.open(redis.uri(), "jvpn:audit", 1000, Duration.ofSeconds(2), 64);

        var id = stream.append("{\"event_type\":\"STATE_CHANGE\"}", Map.of("event_type", "STATE_CHANGE"))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        var entries = (RespValue.ArrayReply) redis.command("XRANGE", "jvpn:audit", "-", "+");
        assertThat(entries.elements()).hasSize(1);
        var entry = (RespValue.ArrayReply) entries.elements().getFirst();
        assertThat(text(entry.elements().get(0))).isEqualTo(id);
        var fields = ((RespValue.ArrayReply) entry.elements().get(1))
                .elements().stream().map(RedisAuditStreamIntegrationTests::text).toList();
        assertThat(fields).containsExactly("event", "{\"event_type\":\"STATE_CHANGE\"}", "event_type", "STATE_CHANGE");
    }

    @Test
    void theStreamStaysBounded() throws Exception {
        stream = RedisAuditStream.open(redis.uri(), "jvpn:audit", 100, Duration.ofSeconds(2), 4096);

        var appends = new ArrayList<CompletionStage<String>>();
        for (int i = 0; i < 2000; i++) {
            appends.add(stream.append("{\"n\":" + i + "}", Map.of()));
        }
        for (var append : appends) {
            append.toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        long length = ((RespValue.IntegerReply) redis.command("XLEN", "jvpn:audit")).value();
        assertThat(length).isBetween(100L, 1000L);
    }

    @Test
    void whileRedisIsDownAppendsFailAtOnceAndAfterItCameBackTheyWorkAgain() throws Exception {
        stream = RedisAuditStream.open(redis.uri(), "jvpn:audit", 1000, Duration.ofSeconds(2), 64);
        stream.append("{}", Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS);

        redis.stop();
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() ->
                        stream.append("{}", Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasMessageContaining("Redis"));

        redis.restart(false);
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> stream.append("{\"back\":true}", Map.of())
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS)
                        != null);
    }

    @Test
    void anUnreachableRedisFailsTheOpenWithOneLine() {
        var uri = redis.uri();
        redis.stop();

        assertThatThrownBy(() -> RedisAuditStream.open(uri, "jvpn:audit", 10, Duration.ofSeconds(1), 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect the audit stream to redis://")
                .hasMessageNotContaining("\n");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> RedisAuditStream.open(redis.uri(), "has space", 10, Duration.ofSeconds(1), 8))
                .hasMessageContaining("key");
        assertThatThrownBy(() -> RedisAuditStream.open(redis.uri(), "k", 0, Duration.ofSeconds(1), 8))
                .hasMessageContaining("1..1000000000");
    }

    private static String text(RespValue value) {
        return new String(((RespValue.BulkString) value).bytes(), StandardCharsets.UTF_8);
    }
}
