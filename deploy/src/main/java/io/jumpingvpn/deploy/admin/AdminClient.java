package io.jumpingvpn.deploy.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.deploy.cli.UserError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Calls one node's admin API: a bearer token, an optional operator name, JSON both ways. */
final class AdminClient {

    /** What the API answered: its HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The API's one-line error, or the status when the body has none. */
        String error() {
            var error = body.get("error");
            return error != null && error.isTextual() ? error.asText() : "HTTP " + status;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final Optional<String> operator;
    private final Duration timeout;
    private final HttpClient http;

    AdminClient(String api, String token, Optional<String> operator, Duration timeout) {
        requireNonNull(api, "api");
        this.token = requireNonNull(token, "token");
        this.operator = requireNonNull(operator, "operator");
        this.timeout = requireNonNull(timeout, "timeout");
        var text = api.contains("://") ? api : "http://" + api;
        try {
            this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new UserError("--api '" + api + "' is not HOST:PORT or http://HOST:PORT", e);
        }
        if (base.getHost() == null || base.getPort() < 0) {
            throw new UserError("--api '" + api + "' is not HOST:PORT or http://HOST:PORT");
        }
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    private Answer send(String method, String path, Object body) {
        byte[] payload;
        try {
            payload = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a request body that does not serialise: " + body, e);
        }
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        operator.ifPresent(name -> request.header("X-Operator", name));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UserError("cannot reach the admin API at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while calling the admin API at " + base, e);
        }
        try {
            var json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new UserError(
                    base + " answered HTTP " + response.statusCode() + " with a body that is not JSON"
                            + " (is it the admin API, not the ops endpoint?)",
                    e);
        }
    }
}
