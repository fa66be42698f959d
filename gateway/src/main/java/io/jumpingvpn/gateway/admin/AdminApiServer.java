package io.jumpingvpn.gateway.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.Operator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of one node (docs/admin.md): JSON over plain HTTP on its own address, loopback unless configured
 * otherwise, served by two threads of its own (never the event loops). Every request must carry
 * {@code Authorization: Bearer TOKEN} with a token of the {@link AdminTokens}; otherwise it is answered 401 with a
 * one-line JSON error, before anything else is looked at. The operator recorded in the audit events is the token's name,
 * followed by {@code :NAME} when the request carries an {@code X-Operator: NAME} header.
 *
 * <pre>
 * GET  /v1/sessions[?scope=node|cluster&amp;owner=NODE&amp;limit=N]   GET  /v1/sessions/ID
 * POST /v1/sessions/ID/terminate  {"code": "OPERATOR_TERMINATE"}
 * POST /v1/drain    {"grace_ms": 10000}
 * POST /v1/migrate  {"target": "n2", "sessions": ["ID", ...]} | {"target": "n2", "share": 0.5}
 * POST /v1/failover {"node": "n1"}
 * GET  /v1/nodes
 * GET  /v1/members   POST /v1/members {"members": ["n1=udp://..;tcp://..;admin://..", ...]}   (sticky routing)
 * POST /v1/sessions/ID/import {...}   (sticky routing: a session another member hands over)
 * </pre>
 */
public final class AdminApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final int MAX_BODY = 64 * 1024;
    private static final String BEARER = "Bearer ";

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves the admin API of {@code gateway} on {@code address} (port 0: an ephemeral port, see {@link #port()}).
     * Fails with a one-line {@link GatewayStartException} when the address cannot be bound.
     */
    public static AdminApiServer start(InetSocketAddress address, AdminTokens tokens, Gateway gateway) {
        requireNonNull(address, "address");
        requireNonNull(tokens, "tokens");
        requireNonNull(gateway, "gateway");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new GatewayStartException("cannot serve the admin API on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage() + " (choose another with --admin-api HOST:PORT)");
        }
        var executor = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().name("jvpn-admin-", 0).daemon(true).factory());
        server.setExecutor(executor);
        var routes = new AdminRoutes(gateway);
        var sticky = new StickyRoutes(gateway);
        server.createContext("/", exchange -> serve(exchange, tokens, routes, sticky));
        server.start();
        var api = new AdminApiServer(server, executor);
        log.info(
                "admin API on http://{}:{}/v1 ({} token{})",
                address.getHostString(),
                api.port(),
                tokens.size(),
                tokens.size() == 1 ? "" : "s");
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, AdminTokens tokens, AdminRoutes routes, StickyRoutes sticky) {
        AdminResponse response;
        try {
            var operator = authenticate(exchange, tokens);
            if (operator.isEmpty()) {
                response = AdminResponse.error(401, "a valid bearer token is required (Authorization: Bearer TOKEN)");
            } else {
                response = route(exchange, routes, sticky, operator.get());
            }
        } catch (AdminRequestException e) {
            response = AdminResponse.error(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("admin request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e, e);
            response = AdminResponse.error(500, "internal error: " + e);
        }
        write(exchange, response);
    }

    /** The operator of a request with a valid token: the token's name, and the X-Operator header if present. */
    private static Optional<Operator> authenticate(HttpExchange exchange, AdminTokens tokens) {
        var header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith(BEARER)) {
            return Optional.empty();
        }
        var name = tokens.operatorOf(header.substring(BEARER.length()).strip());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        var claimed = exchange.getRequestHeaders().getFirst("X-Operator");
        if (claimed == null || claimed.isBlank()) {
            return Optional.of(new Operator(name.get()));
        }
        try {
            return Optional.of(new Operator(name.get() + ":" + claimed.strip()));
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException(400, "X-Operator: " + e.getMessage());
        }
    }

    private static AdminResponse route(
            HttpExchange exchange, AdminRoutes routes, StickyRoutes sticky, Operator operator) {
        var method = exchange.getRequestMethod();
        var path = exchange.getRequestURI().getPath();
        var parts = path.split("/");
        // "", "v1", resource, ...
        if (parts.length < 3 || !parts[1].equals("v1")) {
            return AdminResponse.error(404, "no such endpoint: " + path);
        }
        var resource = parts[2];
        return switch (resource) {
            case "sessions" -> {
                if (parts.length == 3) {
                    requireMethod(method, "GET", path);
                    yield routes.sessions(query(exchange));
                }
                if (parts.length == 4) {
                    requireMethod(method, "GET", path);
                    yield routes.session(parts[3]);
                }
                if (parts.length == 5 && parts[4].equals("terminate")) {
                    requireMethod(method, "POST", path);
                    yield routes.terminate(parts[3], body(exchange), operator);
                }
                if (parts.length == 5 && parts[4].equals("import")) {
                    requireMethod(method, "POST", path);
                    yield sticky.importSession(parts[3], body(exchange), operator);
                }
                yield AdminResponse.error(404, "no such endpoint: " + path);
            }
            case "drain" -> {
                requireExact(parts, path);
                requireMethod(method, "POST", path);
                yield routes.drain(body(exchange), operator);
            }
            case "migrate" -> {
                requireExact(parts, path);
                requireMethod(method, "POST", path);
                yield routes.migrate(body(exchange), operator);
            }
            case "failover" -> {
                requireExact(parts, path);
                requireMethod(method, "POST", path);
                yield routes.failover(body(exchange), operator);
            }
            case "members" -> {
                requireExact(parts, path);
                if (method.equals("POST")) {
                    yield sticky.updateMembers(body(exchange), operator);
                }
                requireMethod(method, "GET", path);
                yield sticky.members();
            }
            case "nodes" -> {
                requireExact(parts, path);
                requireMethod(method, "GET", path);
                yield routes.nodes();
            }
            default -> AdminResponse.error(404, "no such endpoint: " + path);
        };
    }

    private static void requireExact(String[] parts, String path) {
        if (parts.length != 3) {
            throw new AdminRequestException(404, "no such endpoint: " + path);
        }
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new AdminRequestException(405, path + " takes " + expected + ", not " + method);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        var raw = exchange.getRequestURI().getRawQuery();
        var query = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (var pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            var name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            var value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    /** The request's JSON object; an empty body is an empty object. */
    private static JsonNode body(HttpExchange exchange) {
        byte[] bytes;
        try (var in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new AdminRequestException(400, "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY) {
            throw new AdminRequestException(413, "the request body is over " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            var node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new AdminRequestException(400, "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AdminRequestException(400, "the request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AdminRequestException(400, "the request body is not JSON: " + e.getMessage());
        }
    }

    private static void write(HttpExchange exchange, AdminResponse response) {
        try (exchange) {
            byte[] body = JSON.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (response.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jvpn-admin\"");
            }
            exchange.sendResponseHeaders(response.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            log.debug("the admin client went away: {}", e.toString());
        }
    }

    /** Stops serving at once (an action in progress completes in the node, unanswered). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
