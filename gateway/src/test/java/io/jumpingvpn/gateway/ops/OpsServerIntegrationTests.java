package io.jumpingvpn.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.gateway.metrics.ProcessMeters;
import io.jumpingvpn.gateway.testing.FaultInjectingStore;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.Promtool;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops endpoint of a running gateway over real HTTP: the scrape passes promtool, the probes say why. */
class OpsServerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrometheusMeterRegistry registry;
    private FaultInjectingStore store;
    private GatewayFixture fixture;
    private OpsServer ops;

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        store = new FaultInjectingStore(new InMemorySessionStore());
        fixture = GatewayFixture.start(temp, store, registry, b -> b.nodeLease(Duration.ofMillis(900)));
        ProcessMeters.bindTo(registry);
        ops = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), registry, fixture.gateway);
    }

    @AfterEach
    void stop() {
        if (ops != null) {
            ops.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        registry.close();
    }

    @Test
    void theScrapePassesPromtoolAndHoldsTheNodesMeters() throws Exception {
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var refused = agent.reattach(agent.version() + 5);
            assertThat(refused).isInstanceOf(ReplyOutcome.Rejected.class);
            assertThat(((ReplyOutcome.Rejected) refused).code()).isEqualTo(RejectCode.STALE_VERSION);
            agent.reattach(agent.version());
        }
        await().atMost(WAIT).until(() -> fixture.count("jvpn.gateway.lease.renewals") >= 1);
        var scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        var text = scrape.body();

        var check = Promtool.checkMetrics(text);
        assertThat(check.output()).as("promtool check metrics").isBlank();
        assertThat(check.exitCode()).isZero();

        assertThat(text)
                .contains(
                        "jvpn_gateway_sessions{state=\"ATTACHED\"}",
                        "jvpn_gateway_handshakes_total{code=\"NONE\",result=\"ACCEPTED\"} 1.0",
                        "jvpn_gateway_reattaches_total{code=\"STALE_VERSION\",result=\"REJECTED\"} 1.0",
                        "jvpn_gateway_reattach_duration_seconds_bucket{",
                        "jvpn_gateway_reattach_duration_seconds_count 2",
                        "jvpn_store_operation_duration_seconds_bucket{",
                        "jvpn_store_operations_total{operation=\"create\",outcome=\"COMMITTED\"} 1.0",
                        "jvpn_store_operations_total{operation=\"reattach\",outcome=\"COMMITTED\"} 1.0",
                        "jvpn_gateway_lease_age_seconds",
                        "jvpn_gateway_lease_renewals_total",
                        "jvpn_gateway_frames_received_total",
                        "jvpn_gateway_received_bytes_total",
                        "jvpn_gateway_sent_bytes_total",
                        "jvpn_gateway_decode_drops_total{",
                        "jvpn_gateway_cookie_challenges_total",
                        "jvpn_audit_queue_depth",
                        "jvpn_audit_dropped_total",
                        "jvpn_audit_events_total{type=\"HANDSHAKE_RESULT\"} 1.0",
                        "jvm_memory_used_bytes{",
                        "jvm_gc_",
                        "jvm_threads_live_threads",
                        "process_cpu_usage",
                        "netty_allocator_memory_used_bytes{");
    }

    @Test
    void healthzSaysAliveWithTheNodesIdentity() throws Exception {
        var health = get("/healthz");

        assertThat(health.statusCode()).isEqualTo(200);
        var body = JSON.readTree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("alive");
        assertThat(body.get("node_id").asText()).isEqualTo("gw-test");
        assertThat(body.get("node_epoch").asLong()).isPositive();
    }

    @Test
    void readyzFollowsTheStoreAndTheDrainingFlag() throws Exception {
        assertReady();

        store.unavailable(true);
        await().atMost(WAIT).untilAsserted(() -> {
            var body = readyz(503);
            assertThat(body.get("ready").asBoolean()).isFalse();
            assertThat(reasons(body)).anySatisfy(reason -> assertThat(reason).startsWith("store unreachable"));
            assertThat(reasons(body)).anySatisfy(reason -> assertThat(reason).startsWith("node lease not proven"));
        });
        assertThat(get("/healthz").statusCode()).as("alive all the same").isEqualTo(200);

        store.unavailable(false);
        await().atMost(WAIT).untilAsserted(this::assertReady);

        fixture.gateway.setDraining(true);
        assertThat(reasons(readyz(503))).containsExactly("draining");
        fixture.gateway.setDraining(false);
        assertReady();
    }

    @Test
    void otherPathsAndMethodsAreRefusedInJson() throws Exception {
        var missing = get("/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("/nothing");

        var post = http.send(
                HttpRequest.newBuilder(uri("/readyz"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    private void assertReady() throws Exception {
        var body = readyz(200);
        assertThat(body.get("ready").asBoolean()).isTrue();
        assertThat(reasons(body)).isEmpty();
    }

    private JsonNode readyz(int expectedStatus) throws Exception {
        var response = get("/readyz");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(response.body());
    }

    private static List<String> reasons(JsonNode body) {
        var reasons = new ArrayList<String>();
        body.get("reasons").forEach(reason -> reasons.add(reason.asText()));
        return reasons;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ops.port() + path);
    }
}
