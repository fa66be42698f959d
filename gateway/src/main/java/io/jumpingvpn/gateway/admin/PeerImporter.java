package io.jumpingvpn.gateway.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.ImportOutcome;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.SessionHandoff;
import io.jumpingvpn.gateway.SessionImporter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;

/**
 * Hands a session to another member over that member's admin API ({@code POST /v1/sessions/ID/import}, docs/admin.md),
 * presenting the first token of this node's admin token file (the same file on every node of a sticky cluster) and the
 * operator in {@code X-Operator}. An answer is final: 200 is {@link ImportOutcome.Imported}, any 4xx
 * {@link ImportOutcome.Refused} with the target's one line. No answer, or a 5xx, is tried again with the same hand-over
 * (the target answers a repeated one with the import it made) up to {@value #ATTEMPTS} times, then
 * {@link ImportOutcome.Unknown}. Thread-safe.
 */
public final class PeerImporter implements SessionImporter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String token;
    private final Duration timeout;
    private final HttpClient client;

    private PeerImporter(String token, Duration timeout) {
        this.token = token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(Executors.newThreadPerTaskExecutor(
                        Thread.ofPlatform().name("jvpn-peer-", 0).daemon(true).factory()))
                .build();
    }

    /** An importer that presents the first token of {@code tokens}; each call waits at most {@code timeout}. */
    public static PeerImporter using(AdminTokens tokens, Duration timeout) {
        requireNonNull(tokens, "tokens");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the peer call timeout must be positive, got " + timeout);
        }
        return new PeerImporter(tokens.first(), timeout);
    }

    @Override
    public CompletionStage<ImportOutcome> importAt(ClusterMember target, SessionHandoff handoff, Operator operator) {
        requireNonNull(target, "target");
        requireNonNull(handoff, "handoff");
        requireNonNull(operator, "operator");
        var id = handoff.id();
        if (target.admin().isEmpty()) {
            return CompletableFuture.completedFuture(
                    new ImportOutcome.Refused(id, "member " + target.node() + " lists no admin:// address"));
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(HandoffJson.write(handoff));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a hand-over always has a JSON form", e);
        }
        var request = HttpRequest.newBuilder(target.admin().get().uri("/v1/sessions/" + id.value() + "/import"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("X-Operator", operator.name())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return attempt(request, handoff, target, 1);
    }

    private CompletionStage<ImportOutcome> attempt(
            HttpRequest request, SessionHandoff handoff, ClusterMember target, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() < 500) {
                        return CompletableFuture.completedFuture(answer(handoff, target, response));
                    }
                    var cause = failure != null
                            ? "no answer from " + target.admin().get() + ": " + rootCause(failure)
                            : target.admin().get() + " answered " + response.statusCode() + " "
                                    + error(response.body());
                    if (attempt >= ATTEMPTS) {
                        return CompletableFuture.<ImportOutcome>completedFuture(
                                new ImportOutcome.Unknown(handoff.id(), cause + " (" + attempt + " attempts)"));
                    }
                    return attempt(request, handoff, target, attempt + 1);
                })
                .thenCompose(next -> next);
    }

    private static ImportOutcome answer(SessionHandoff handoff, ClusterMember target, HttpResponse<byte[]> response) {
        var id = handoff.id();
        if (response.statusCode() != 200) {
            return new ImportOutcome.Refused(
                    id, target.node() + " answered " + response.statusCode() + ": " + error(response.body()));
        }
        try {
            var json = JSON.readTree(response.body());
            return new ImportOutcome.Imported(
                    id,
                    HandoffJson.nodeRef(json.path("owner").asText()),
                    json.path("version").asLong());
        } catch (Exception e) {
            // It answered 200, so it did import: the outcome is known to be a success, but not what it said.
            return new ImportOutcome.Unknown(id, target.node() + " answered 200 with an unreadable body: " + e);
        }
    }

    private static String error(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            var error = json == null ? null : json.get("error");
            return error == null ? new String(body, java.nio.charset.StandardCharsets.UTF_8) : error.asText();
        } catch (Exception e) {
            return "(no JSON body)";
        }
    }

    private static String rootCause(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    @Override
    public String toString() {
        return "PeerImporter[token ****, timeout " + timeout + "]";
    }
}
