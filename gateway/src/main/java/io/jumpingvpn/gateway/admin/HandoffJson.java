package io.jumpingvpn.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.gateway.SessionHandoff;
import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /v1/sessions/ID/import}: a {@link SessionHandoff} as JSON, written by {@link PeerImporter} on
 * the node that hands a session over and read by the admin API of the node that takes it (field by field in
 * docs/admin.md). Public material only.
 */
final class HandoffJson {

    private HandoffJson() {}

    static Map<String, Object> write(SessionHandoff handoff) {
        var json = new LinkedHashMap<String, Object>();
        json.put("agent_key", handoff.agentKey().toString());
        json.put("state", handoff.state().name());
        json.put("version", handoff.version());
        json.put("base_version", handoff.baseVersion());
        json.put("last_nonce", handoff.lastNonce());
        json.put("binding", handoff.binding().toString());
        json.put("policy_ref", handoff.policyRef());
        json.put("age_ms", handoff.age().toMillis());
        json.put("remaining_ms", handoff.remainingLifetime().toMillis());
        json.put("from", handoff.from().toString());
        json.put("request", handoff.request().value());
        return json;
    }

    /** The hand-over of session {@code id} in {@code body}; a missing or malformed field is a 400 naming it. */
    static SessionHandoff read(SessionId id, JsonNode body) {
        try {
            return new SessionHandoff(
                    id,
                    AgentPublicKey.fromBase64(required(body, "agent_key")),
                    state(required(body, "state")),
                    whole(body, "version"),
                    whole(body, "base_version"),
                    whole(body, "last_nonce"),
                    Binding.parse(required(body, "binding")),
                    required(body, "policy_ref"),
                    Duration.ofMillis(whole(body, "age_ms")),
                    Duration.ofMillis(whole(body, "remaining_ms")),
                    nodeRef(required(body, "from")),
                    new RequestId(required(body, "request")));
        } catch (IllegalArgumentException e) {
            throw new AdminRequestException(400, "not a session hand-over: " + e.getMessage());
        }
    }

    /** {@code NODE@EPOCH}, as node owners are written everywhere in the admin API. */
    static NodeRef nodeRef(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not NODE@EPOCH");
        }
        try {
            return new NodeRef(new NodeId(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not NODE@EPOCH");
        }
    }

    private static SessionState state(String text) {
        try {
            return SessionState.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state '" + text + "' is not a session state");
        }
    }

    private static String required(JsonNode body, String field) {
        return AdminRoutes.text(body, field).orElseThrow(() -> new AdminRequestException(400, field + " is required"));
    }

    private static long whole(JsonNode body, String field) {
        return AdminRoutes.number(body, field)
                .orElseThrow(() -> new AdminRequestException(400, field + " is required"));
    }
}
