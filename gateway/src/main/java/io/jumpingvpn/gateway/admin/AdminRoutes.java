package io.jumpingvpn.gateway.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.gateway.FailoverOutcome;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.Migration;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.TerminateOutcome;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.StoreResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each endpoint of the admin API does (docs/admin.md), on the public {@link Gateway} API. Every action that
 * changes something is audited by the gateway with the operator; reads are not.
 */
final class AdminRoutes {

    /** The longest a migration or failover is waited for before the answer says it is still running. */
    static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

    static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(10);
    static final Duration MAX_DRAIN_GRACE = Duration.ofMinutes(10);
    private static final int DEFAULT_LIMIT = 1_000;
    private static final int MAX_LIMIT = 100_000;

    private final Gateway gateway;

    AdminRoutes(Gateway gateway) {
        this.gateway = requireNonNull(gateway, "gateway");
    }

    /** {@code GET /v1/sessions}: this node's sessions, or with {@code scope=cluster} the store's (optionally by owner). */
    AdminResponse sessions(Map<String, String> query) {
        var scope = query.getOrDefault("scope", "node");
        if (scope.equals("node")) {
            var json = new LinkedHashMap<String, Object>();
            json.put("scope", "node");
            json.put("node", gateway.nodeRef().toString());
            json.put(
                    "sessions", gateway.sessions().stream().map(AdminJson::view).toList());
            return AdminResponse.ok(json);
        }
        if (!scope.equals("cluster")) {
            throw new AdminRequestException(400, "scope must be node or cluster, got '" + scope + "'");
        }
        int limit = limit(query);
        var owner = Optional.ofNullable(query.get("owner")).map(AdminRoutes::nodeId);
        var result = await(gateway.storedSessions(owner, limit), ACTION_TIMEOUT);
        return switch (result) {
            case StoreResult.Committed<List<io.jumpingvpn.store.SessionRecord>> committed -> {
                var json = new LinkedHashMap<String, Object>();
                json.put("scope", "cluster");
                json.put("owner", owner.map(NodeId::value).orElse(null));
                json.put("limit", limit);
                json.put(
                        "sessions",
                        committed.value().stream().map(AdminJson::record).toList());
                yield AdminResponse.ok(json);
            }
            case StoreResult.Rejected<?> rejected ->
                AdminResponse.error(503, "the store refused to list: " + rejected.code() + " " + rejected.detail());
            case StoreResult.Unknown<?> unknown ->
                AdminResponse.error(503, "the store did not answer: " + unknown.cause());
        };
    }

    /** {@code GET /v1/sessions/ID}: the session as this node holds it (if it does) and as the store holds it. */
    AdminResponse session(String id) {
        var sessionId = sessionId(id);
        var local = gateway.session(sessionId);
        var read = await(gateway.lookup(sessionId), ACTION_TIMEOUT);
        var json = new LinkedHashMap<String, Object>();
        json.put("id", sessionId.value());
        json.put("local", local.map(AdminJson::view).orElse(null));
        switch (read) {
            case ReadResult.Found found -> json.put("store", AdminJson.found(found));
            case ReadResult.Absent absent -> {
                if (local.isEmpty()) {
                    return AdminResponse.error(404, "no session " + sessionId.value() + " here or in the store");
                }
                json.put("store", null);
            }
            case ReadResult.Corrupt corrupt -> {
                json.put("store", null);
                json.put("store_error", "the record is corrupt: " + corrupt.detail());
            }
            case ReadResult.Unavailable unavailable -> {
                json.put("store", null);
                json.put("store_error", "the store did not answer: " + unavailable.cause());
            }
        }
        return AdminResponse.ok(json);
    }

    /** {@code POST /v1/sessions/ID/terminate}, body {@code {"code": ...}} optional (OPERATOR_TERMINATE). */
    AdminResponse terminate(String id, JsonNode body, Operator operator) {
        var sessionId = sessionId(id);
        var codeText = text(body, "code").orElse(TerminationCode.OPERATOR_TERMINATE.name());
        TerminationCode code;
        try {
            code = TerminationCode.valueOf(codeText);
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException(400, "code '" + codeText + "' is not a termination code");
        }
        var outcome = await(gateway.terminate(sessionId, code, operator), ACTION_TIMEOUT);
        var json = new LinkedHashMap<String, Object>();
        json.put("id", sessionId.value());
        return switch (outcome) {
            case TerminateOutcome.Terminated terminated -> {
                json.put("terminated", true);
                json.put("code", code.name());
                json.put("version", terminated.version());
                yield AdminResponse.ok(json);
            }
            case TerminateOutcome.NotTerminated not -> {
                json.put("terminated", false);
                json.put("error", not.reason());
                yield new AdminResponse(409, json);
            }
        };
    }

    /** {@code POST /v1/drain}, body {@code {"grace_ms": N}} optional (10 s). Answers when the drain is over. */
    AdminResponse drain(JsonNode body, Operator operator) {
        long graceMs = number(body, "grace_ms").orElse(DEFAULT_DRAIN_GRACE.toMillis());
        if (graceMs < 1 || graceMs > MAX_DRAIN_GRACE.toMillis()) {
            throw new AdminRequestException(
                    400, "grace_ms must be 1.." + MAX_DRAIN_GRACE.toMillis() + ", got " + graceMs);
        }
        return AdminResponse.ok(AdminJson.drain(gateway.drain(Duration.ofMillis(graceMs), operator)));
    }

    /** {@code POST /v1/migrate}, body {@code {"target": N, "sessions": [..]}} or {@code {"target": N, "share": F}}. */
    AdminResponse migrate(JsonNode body, Operator operator) {
        var target = nodeId(text(body, "target")
                .orElseThrow(() -> new AdminRequestException(400, "target (a node id) is required")));
        var sessions = body.get("sessions");
        var share = body.get("share");
        Migration migration;
        if ((sessions == null) == (share == null)) {
            throw new AdminRequestException(400, "give exactly one of sessions (a list of ids) or share (0..1]");
        }
        try {
            if (sessions != null) {
                if (!sessions.isArray() || sessions.isEmpty()) {
                    throw new AdminRequestException(400, "sessions must be a non-empty list of session ids");
                }
                var ids = new ArrayList<SessionId>();
                sessions.forEach(node -> ids.add(sessionId(node.asText())));
                migration = Migration.sessions(ids, target);
            } else {
                if (!share.isNumber()) {
                    throw new AdminRequestException(400, "share must be a number in (0, 1]");
                }
                migration = Migration.share(share.asDouble(), target);
            }
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException(400, e.getMessage());
        }
        return AdminResponse.ok(AdminJson.migration(await(gateway.migrate(migration, operator), ACTION_TIMEOUT)));
    }

    /** {@code POST /v1/failover}, body {@code {"node": N}}: 409 while that node's lease is alive. */
    AdminResponse failover(JsonNode body, Operator operator) {
        var node = nodeId(
                text(body, "node").orElseThrow(() -> new AdminRequestException(400, "node (a node id) is required")));
        return switch (await(gateway.failover(node, operator), ACTION_TIMEOUT)) {
            case FailoverOutcome.FailedOver done -> AdminResponse.ok(AdminJson.failover(done));
            case FailoverOutcome.Refused refused -> {
                var json = new LinkedHashMap<String, Object>();
                json.put("node", node.value());
                json.put("result", "REFUSED");
                json.put("error", refused.reason());
                yield new AdminResponse(409, json);
            }
        };
    }

    /** {@code GET /v1/nodes}: every node the store knows, its lease, its endpoints. */
    AdminResponse nodes() {
        return switch (await(gateway.nodes(), ACTION_TIMEOUT)) {
            case StoreResult.Committed<List<io.jumpingvpn.gateway.ClusterNode>> committed -> {
                var json = new LinkedHashMap<String, Object>();
                json.put("self", gateway.nodeRef().toString());
                json.put(
                        "nodes", committed.value().stream().map(AdminJson::node).toList());
                yield AdminResponse.ok(json);
            }
            case StoreResult.Rejected<?> rejected ->
                AdminResponse.error(503, "the store refused: " + rejected.code() + " " + rejected.detail());
            case StoreResult.Unknown<?> unknown ->
                AdminResponse.error(503, "the store did not answer: " + unknown.cause());
        };
    }

    static <T> T await(CompletionStage<T> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminRequestException(503, "interrupted");
        } catch (TimeoutException e) {
            throw new AdminRequestException(
                    504, "not finished within " + timeout.toSeconds() + " s; it goes on, see the audit trail");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static int limit(Map<String, String> query) {
        var text = query.get("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new AdminRequestException(400, "limit must be 1.." + MAX_LIMIT + ", got '" + text + "'");
    }

    static SessionId sessionId(String text) {
        try {
            return new SessionId(text);
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException(400, "'" + text + "' is not a session id");
        }
    }

    static NodeId nodeId(String text) {
        try {
            return new NodeId(text);
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException(400, "'" + text + "' is not a node id");
        }
    }

    static Optional<String> text(JsonNode body, String field) {
        var value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new AdminRequestException(400, field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    static Optional<Long> number(JsonNode body, String field) {
        var value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()) {
            throw new AdminRequestException(400, field + " must be a whole number");
        }
        return Optional.of(value.asLong());
    }
}
