package io.jumpingvpn.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.gateway.audit.AuditEventType;
import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.SessionId;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP on loopback, in front of two nodes on a shared store: authentication first, then every
 * endpoint, with the audit events its actions leave.
 */
class AdminApiIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "ops-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private ClusterFixture cluster;
    private AdminApiServer api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        cluster = ClusterFixture.start(temp, 2, b -> b);
        api = AdminApiServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                AdminTokens.of("ops", TOKEN),
                cluster.node(0).gateway());
    }

    @AfterEach
    void stop() {
        api.close();
        cluster.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(WAIT)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String body) throws Exception {
        var response = call(method, path, body, "Authorization", "Bearer " + TOKEN, "X-Operator", "alice");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void everyRequestWithoutAValidBearerTokenIsRefusedWithOneJsonLine() throws Exception {
        for (var headers :
                new String[][] {{}, {"Authorization", "Bearer wrong-token-0123456789abcdef"}, {"Authorization", TOKEN}
                }) {
            var response = call("GET", "/v1/nodes", null, headers);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("\n");
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("bearer token");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jvpn-admin\"");
        }
        // Refused before the route is looked at.
        assertThat(call("POST", "/v1/drain", "{}").statusCode()).isEqualTo(401);
        assertThat(cluster.node(0).gateway().draining()).isFalse();
    }

    @Test
    void sessionsAreListedHereAndInTheStoreAndInspectedOneByOne() throws Exception {
        try (var agent = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            agent.attach();
            var id = agent.sessionId();

            var local = ok("GET", "/v1/sessions", null);
            assertThat(local.get("scope").asText()).isEqualTo("node");
            assertThat(local.get("sessions")).singleElement().satisfies(session -> {
                assertThat(session.get("id").asText()).isEqualTo(id);
                assertThat(session.get("state").asText()).isEqualTo("ATTACHED");
                assertThat(session.get("version").asLong()).isEqualTo(1);
                assertThat(session.get("owner").asText()).startsWith("n1@");
                assertThat(session.get("binding").asText()).startsWith("udp://127.0.0.1:");
            });
            var stored = ok("GET", "/v1/sessions?scope=cluster&owner=n1&limit=10", null);
            assertThat(stored.get("sessions"))
                    .singleElement()
                    .satisfies(session -> assertThat(session.get("id").asText()).isEqualTo(id));
            assertThat(ok("GET", "/v1/sessions?scope=cluster&owner=n2", null).get("sessions"))
                    .isEmpty();

            var one = ok("GET", "/v1/sessions/" + id, null);
            assertThat(one.get("local").get("state").asText()).isEqualTo("ATTACHED");
            assertThat(one.get("store").get("owner_alive").asBoolean()).isTrue();
            assertThat(one.get("store").get("age_ms").asLong()).isGreaterThanOrEqualTo(0);

            var missing = call("GET", "/v1/sessions/NoSuchSession0000000000", null, "Authorization", "Bearer " + TOKEN);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(call("GET", "/v1/sessions?scope=galaxy", null, "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void aTerminationIsCommittedToldToTheAgentAndAuditedWithTheOperator() throws Exception {
        try (var agent = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            agent.attach();
            var id = agent.sessionId();

            var answer = ok("POST", "/v1/sessions/" + id + "/terminate", "{\"code\":\"OPERATOR_TERMINATE\"}");
            assertThat(answer.get("terminated").asBoolean()).isTrue();
            assertThat(answer.get("version").asLong()).isEqualTo(2);
            assertThat(agent.expectMessage(Terminate.class, WAIT).code().name()).isEqualTo("OPERATOR_TERMINATE");
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(cluster.node(0).audit().events(AuditEventType.ADMIN_ACTION))
                            .singleElement()
                            .satisfies(e -> {
                                assertThat(e.fields()).containsEntry("action", "TERMINATE");
                                assertThat(e.fields()).containsEntry("operator", "ops:alice");
                                assertThat(e.reasonCode()).contains("DONE");
                            }));
            var again = call("POST", "/v1/sessions/" + id + "/terminate", "", "Authorization", "Bearer " + TOKEN);
            assertThat(again.statusCode()).isEqualTo(409);
        }
    }

    @Test
    void migrationFailoverAndNodesAnswerWhatTheNodeDid() throws Exception {
        try (var agent = cluster.agent(cluster.node(0), TransportKind.UDP)) {
            agent.attach();
            var id = agent.sessionId();

            var nodes = ok("GET", "/v1/nodes", null);
            assertThat(nodes.get("nodes")).hasSize(2);
            assertThat(nodes.get("nodes").get(0).get("node").asText()).isEqualTo("n1");
            assertThat(nodes.get("nodes").get(0).get("self").asBoolean()).isTrue();
            assertThat(nodes.get("nodes").get(1).get("alive").asBoolean()).isTrue();
            assertThat(nodes.get("nodes").get(1).get("endpoints").get(0).asText())
                    .isEqualTo("udp://127.0.0.1:" + cluster.node(1).port());

            var refused = call("POST", "/v1/failover", "{\"node\":\"n2\"}", "Authorization", "Bearer " + TOKEN);
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("live lease");

            var migrated = ok("POST", "/v1/migrate", "{\"target\":\"n2\",\"sessions\":[\"" + id + "\"]}");
            assertThat(migrated.get("transferred").asLong()).isEqualTo(1);
            assertThat(migrated.get("outcomes").get(0).get("result").asText()).isEqualTo("TRANSFERRED");
            assertThat(agent.expect(Redirect.class, WAIT).target().endpoint())
                    .isEqualTo("127.0.0.1:" + cluster.node(1).port());
            assertThat(cluster.record(id).owner())
                    .isEqualTo(cluster.node(1).gateway().nodeRef());
            assertThat(cluster.node(0).gateway().session(new SessionId(id))).isEmpty();

            var bad = call("POST", "/v1/migrate", "{\"target\":\"n2\"}", "Authorization", "Bearer " + TOKEN);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(call("POST", "/v1/migrate", "{oops", "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(400);
            assertThat(call("GET", "/v1/migrate", null, "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(405);
            assertThat(call("GET", "/v2/anything", null, "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void aDrainAnswersWithItsReportAndLeavesTheNodeNotReady() throws Exception {
        var report = ok("POST", "/v1/drain", "{\"grace_ms\":2000}");
        assertThat(report.get("held").asInt()).isZero();
        assertThat(report.get("left").asInt()).isZero();
        assertThat(cluster.node(0).gateway().draining()).isTrue();
        assertThat(cluster.node(0).gateway().readiness().isReady()).isFalse();
    }
}
