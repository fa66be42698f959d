package io.jumpingvpn.gateway.ops;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's operations endpoint, plain HTTP on one address (loopback by default, see docs/operations.md):
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter of the registry in the Prometheus text format;
 *   <li>{@code GET /healthz}: 200 while the process serves at all, with the node's identity;
 *   <li>{@code GET /readyz}: 200 when {@link Gateway#readiness()} is ready, 503 otherwise, with the reasons.
 * </ul>
 *
 * Bodies of the probes are JSON. Requests are served by two threads of their own, never by the node's event loops, so
 * a slow scraper cannot delay the data path. Any other method is 405, any other path 404.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON_TYPE = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final InetSocketAddress address;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.address = server.getAddress();
    }

    /**
     * Serves {@code registry} and the probes of {@code node} on {@code address} (port 0: an ephemeral port, see
     * {@link #address()}). Fails with a one-line {@link GatewayStartException} when the address cannot be bound.
     */
    public static OpsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, Node node) {
        requireNonNull(address, "address");
        requireNonNull(registry, "registry");
        requireNonNull(node, "node");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new GatewayStartException("cannot serve the ops endpoint on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage() + " (choose another with --admin HOST:PORT)");
        }
        var executor = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().name("jvpn-ops-", 0).daemon(true).factory());
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> serve(exchange, () -> metrics(registry)));
        server.createContext("/healthz", exchange -> serve(exchange, () -> health(node)));
        server.createContext("/readyz", exchange -> serve(exchange, () -> ready(node)));
        server.createContext("/", exchange -> serve(exchange, () -> notFound(exchange)));
        server.start();
        var ops = new OpsServer(server, executor);
        log.info("ops endpoint on http://{}:{} (/metrics, /healthz, /readyz)", address.getHostString(), ops.port());
        return ops;
    }

    /** Serves {@code gateway}. */
    public static OpsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, Gateway gateway) {
        requireNonNull(gateway, "gateway");
        return start(address, registry, Node.of(gateway));
    }

    /** What the probes report; {@link #of(Gateway)} for a running node. */
    public interface Node {
        /** The node's identity for the probe bodies, e.g. {@code node_id} and {@code node_epoch}. */
        Map<String, Object> identity();

        Readiness readiness();

        static Node of(Gateway gateway) {
            return new Node() {
                @Override
                public Map<String, Object> identity() {
                    var ref = gateway.nodeRef();
                    var identity = new LinkedHashMap<String, Object>();
                    identity.put("node_id", ref.node().value());
                    identity.put("node_epoch", ref.epoch());
                    return identity;
                }

                @Override
                public Readiness readiness() {
                    return gateway.readiness();
                }
            };
        }
    }

    /** The bound address, with the real port. */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    private record Response(int status, String contentType, byte[] body) {}

    private static void serve(HttpExchange exchange, Supplier<Response> handler) throws IOException {
        try (exchange) {
            var method = exchange.getRequestMethod();
            Response response;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = json(405, Map.of("error", "method " + method + " not allowed; use GET"));
            } else {
                try {
                    response = handler.get();
                } catch (RuntimeException e) {
                    log.warn(
                            "ops endpoint {} failed: {}",
                            exchange.getRequestURI().getPath(),
                            e.toString());
                    response = json(500, Map.of("error", e.toString()));
                }
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(response.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(response.status(), response.body().length);
            exchange.getResponseBody().write(response.body());
        }
    }

    private static Response metrics(PrometheusMeterRegistry registry) {
        return new Response(200, METRICS_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static Response health(Node node) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", "alive");
        body.putAll(node.identity());
        return json(200, body);
    }

    private static Response ready(Node node) {
        var readiness = node.readiness();
        var body = new LinkedHashMap<String, Object>();
        body.put("ready", readiness.isReady());
        body.put("reasons", readiness.reasons());
        body.putAll(node.identity());
        return json(readiness.isReady() ? 200 : 503, body);
    }

    private static Response notFound(HttpExchange exchange) {
        return json(
                404,
                Map.of(
                        "error",
                        "no such path " + exchange.getRequestURI().getPath() + "; try /metrics, /healthz, /readyz"));
    }

    private static Response json(int status, Object body) {
        try {
            return new Response(status, JSON_TYPE, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Stops serving at once and ends its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpsServer[" + address + "]";
    }
}
