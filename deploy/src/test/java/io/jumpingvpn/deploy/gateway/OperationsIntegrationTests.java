package io.jumpingvpn.deploy.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.deploy.config.ConfigLoader;
import io.jumpingvpn.deploy.config.GatewayFile;
import io.jumpingvpn.gateway.TerminateOutcome;
import io.jumpingvpn.gateway.testing.AuditSchema;
import io.jumpingvpn.gateway.testing.Promtool;
import io.jumpingvpn.gateway.testing.Rsyslog;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.testkit.redis.Persistence;
import io.jumpingvpn.testkit.redis.RedisOptions;
import io.jumpingvpn.testkit.redis.RedisServer;
import io.jumpingvpn.testkit.resp.RespValue;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's "done when": two gateway nodes started the way {@code jvpn gateway} starts them, on a real redis-server,
 * with the JSON-lines file, syslog (a real rsyslogd) and Redis-stream sinks all on; sessions driven through every event
 * type by a raw agent; every JSON line valid against the schema and the same events found in rsyslog's output and in
 * the Redis stream; /metrics clean under promtool; /readyz not ready while Redis is stopped and ready again once it is
 * back with its data.
 */
class OperationsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path temp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (var closeable : open.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void everySinkTheMetricsAndTheReadinessOfARunningCluster() throws Exception {
        var redis = keep(RedisServer.start(
                RedisOptions.builder().persistence(Persistence.RDB).build()));
        var rsyslog = keep(Rsyslog.start(temp.resolve("rsyslog")));
        var keysDir = temp.resolve("keys");
        KeyDirectory.generate(keysDir, RANDOM, "test-agent");
        var agentKeys = KeyDirectory.loadAgent(keysDir);

        var one = keep(GatewayCommand.start(config("gw-ops-1", keysDir, redis, rsyslog)));
        var two = keep(GatewayCommand.start(config("gw-ops-2", keysDir, redis, rsyslog)));

        // STATE_CHANGE, HANDSHAKE_RESULT accepted
        var agent = keep(TestAgent.udp(udp(one), agentKeys));
        agent.attach();
        var session = agent.sessionId();
        // REATTACH_RESULT refused
        var stale = agent.reattach(agent.version() + 5);
        assertThat(stale).isInstanceOf(ReplyOutcome.Rejected.class);
        assertThat(((ReplyOutcome.Rejected) stale).code()).isEqualTo(RejectCode.STALE_VERSION);
        // REATTACH_RESULT accepted, TRANSPORT_SWITCH (a NAT rebinding at the same node)
        agent.rebind();
        assertThat(agent.reattach(agent.version())).isInstanceOf(ReplyOutcome.Established.class);
        // OWNERSHIP_CHANGE: the session moves to the other node
        var moved = keep(TestAgent.udp(udp(two), agentKeys));
        moved.adopt(agent.attachment());
        for (int i = 0; i < 10; i++) {
            moved.nextNonce(); // past the nonces the first socket used
        }
        assertThat(moved.reattach(agent.version())).isInstanceOf(ReplyOutcome.Established.class);
        // SESSION_TERMINATED by the operator at its new owner
        var terminated = two.gateway()
                .terminate(new SessionId(session), TerminationCode.OPERATOR_TERMINATE)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(terminated).isInstanceOf(TerminateOutcome.Terminated.class);
        // SECURITY_EVENT and a refused HANDSHAKE_RESULT: an agent key not on the allowlist
        var stranger = new KeyDirectory.AgentKeys(IdentityKeyPair.generate(RANDOM), agentKeys.gatewayKey());
        var unknown = keep(TestAgent.udp(udp(one), stranger));
        var refused = unknown.handshake();
        assertThat(refused).isInstanceOf(ReplyOutcome.Rejected.class);
        assertThat(((ReplyOutcome.Rejected) refused).code()).isEqualTo(RejectCode.AUTH_FAIL);

        var expectedTypes = Set.of(
                "STATE_CHANGE",
                "TRANSPORT_SWITCH",
                "REATTACH_RESULT",
                "OWNERSHIP_CHANGE",
                "SESSION_TERMINATED",
                "SECURITY_EVENT",
                "HANDSHAKE_RESULT");
        await().atMost(WAIT).until(() -> types(fileLines()).containsAll(expectedTypes));
        var lines = fileLines();
        for (var line : lines) {
            assertThat(AuditSchema.problems(line)).as(line).isEmpty();
        }
        // exactly one event per ownership change and per answered request: three reattaches, two handshakes
        assertThat(count(lines, "OWNERSHIP_CHANGE")).isEqualTo(1);
        assertThat(count(lines, "REATTACH_RESULT")).isEqualTo(3);
        assertThat(count(lines, "HANDSHAKE_RESULT")).isEqualTo(2);
        assertThat(count(lines, "TRANSPORT_SWITCH")).isEqualTo(2);
        assertThat(count(lines, "SESSION_TERMINATED")).isEqualTo(1);
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("\"event_type\":\"SECURITY_EVENT\"", "\"kind\":\"AUTH_FAILURE\""));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("\"event_type\":\"REATTACH_RESULT\"", "\"reason_code\":\"STALE_VERSION\""));

        // the same events at rsyslog (JSON MSG) and in the Redis stream
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(syslogLines(rsyslog)).containsAll(lines));
        await().atMost(WAIT).untilAsserted(() -> assertThat(streamLines(redis)).containsAll(lines));

        // /metrics passes promtool
        var scrape = get(one, "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        var check = Promtool.checkMetrics(scrape.body());
        assertThat(check.output()).as("promtool check metrics").isBlank();
        assertThat(check.exitCode()).isZero();
        assertThat(scrape.body())
                .contains(
                        "jvpn_gateway_reattaches_total{code=\"STALE_VERSION\",result=\"REJECTED\"} 1.0",
                        "jvpn_store_operation_duration_seconds_bucket{",
                        "jvpn_gateway_security_events_total{kind=\"AUTH_FAILURE\"} 1.0",
                        "jvpn_audit_sink_failures_total{sink=\"syslog-tcp\"}",
                        "jvpn_audit_sink_failures_total{sink=\"redis-stream\"}");

        // /readyz flips with Redis
        assertThat(readyz(one)).containsEntry("ready", "true");
        redis.stop();
        await().atMost(WAIT).untilAsserted(() -> {
            var body = readyz(one);
            assertThat(body).containsEntry("ready", "false");
            assertThat(body.get("reasons")).contains("store unreachable");
        });
        assertThat(get(one, "/healthz").statusCode()).isEqualTo(200);
        redis.restart(true);
        await().atMost(WAIT).untilAsserted(() -> assertThat(readyz(one)).containsEntry("ready", "true"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(readyz(two)).containsEntry("ready", "true"));
    }

    private GatewayFile config(String node, Path keysDir, RedisServer redis, Rsyslog rsyslog) {
        var flags = new HashMap<String, List<String>>();
        flags.put("node_id", List.of(node));
        flags.put("listen", List.of("udp://127.0.0.1:0", "tcp://127.0.0.1:0"));
        flags.put("keys", List.of(keysDir.toString()));
        flags.put("store", List.of(redis.uri()));
        flags.put("store_timeout", List.of("1s"));
        flags.put("admin", List.of("127.0.0.1:0"));
        flags.put("io_threads", List.of("2"));
        flags.put(
                "policy",
                List.of(
                        "NODE_LEASE_MS=1500",
                        "HEARTBEAT_INTERVAL_MS=1000",
                        "HEARTBEAT_VOLATILE_MS=10000",
                        "MAX_CONSECUTIVE_DROPS=8",
                        "LOSS_WINDOW_MS=60000",
                        "TRANSPORT_LOST_TTL_MS=20000",
                        "RECOVERY_WINDOW_MS=15000",
                        "SWITCH_COOLDOWN_MS=0"));
        flags.put("audit.stdout", List.of("false"));
        flags.put(
                "audit.file.path",
                List.of(temp.resolve("audit-" + node + ".jsonl").toString()));
        flags.put("audit.syslog.targets", List.of("tcp://127.0.0.1:" + rsyslog.tcpPort()));
        flags.put("audit.syslog.format", List.of("json"));
        flags.put("audit.redis_stream.enabled", List.of("true"));
        flags.put("audit.redis_stream.key", List.of("jvpn:audit"));
        return ConfigLoader.load(Optional.empty(), Map.of(), flags);
    }

    private static InetSocketAddress udp(GatewayCommand.Running node) {
        var endpoint = node.gateway().endpoint(TransportKind.UDP).orElseThrow();
        return new InetSocketAddress(endpoint.host(), endpoint.port());
    }

    private List<String> fileLines() throws Exception {
        var lines = new ArrayList<String>();
        for (var node : List.of("gw-ops-1", "gw-ops-2")) {
            var file = temp.resolve("audit-" + node + ".jsonl");
            if (Files.exists(file)) {
                Files.readAllLines(file).stream()
                        .filter(line -> !line.isBlank())
                        .forEach(lines::add);
            }
        }
        return lines;
    }

    private static Set<String> types(List<String> lines) throws Exception {
        var types = new HashSet<String>();
        for (var line : lines) {
            types.add(JSON.readTree(line).get("event_type").asText());
        }
        return types;
    }

    private static long count(List<String> lines, String type) {
        return lines.stream()
                .filter(line -> line.contains("\"event_type\":\"" + type + "\""))
                .count();
    }

    private static List<String> syslogLines(Rsyslog rsyslog) {
        return rsyslog.received().stream()
                .map(message -> message.get("msg").asText())
                .toList();
    }

    private static List<String> streamLines(RedisServer redis) {
        var entries = (RespValue.ArrayReply) redis.command("XRANGE", "jvpn:audit", "-", "+");
        var lines = new ArrayList<String>();
        for (var entry : entries.elements()) {
            var fields = ((RespValue.ArrayReply)
                            ((RespValue.ArrayReply) entry).elements().get(1))
                    .elements();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (text(fields.get(i)).equals("event")) {
                    lines.add(text(fields.get(i + 1)));
                }
            }
        }
        return lines;
    }

    private static String text(RespValue value) {
        return new String(((RespValue.BulkString) value).bytes(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(GatewayCommand.Running node, String path) throws Exception {
        var port = node.ops().orElseThrow().port();
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> readyz(GatewayCommand.Running node) throws Exception {
        var response = get(node, "/readyz");
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(body.get("ready").asBoolean() ? 200 : 503);
        return Map.of(
                "ready",
                body.get("ready").asText(),
                "reasons",
                body.get("reasons").toString());
    }
}
