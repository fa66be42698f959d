package io.jumpingvpn.gateway.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.ImportOutcome;
import io.jumpingvpn.gateway.InvalidGatewayConfigException;
import io.jumpingvpn.gateway.MembershipOutcome;
import io.jumpingvpn.gateway.Operator;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The membership endpoints and the session import of sticky routing (docs/admin.md, docs/cluster.md "Sticky routing"),
 * on the public {@link Gateway} API: {@code GET /v1/members}, {@code POST /v1/members}, {@code POST
 * /v1/sessions/ID/import} (what another member's {@link PeerImporter} calls).
 */
final class StickyRoutes {

    private final Gateway gateway;

    StickyRoutes(Gateway gateway) {
        this.gateway = requireNonNull(gateway, "gateway");
    }

    /** {@code GET /v1/members}: the routing model and the list the node routes by now. */
    AdminResponse members() {
        var json = new LinkedHashMap<String, Object>();
        json.put("routing", gateway.config().cluster().routing().key());
        json.put("self", gateway.nodeRef().node().value());
        json.put(
                "members",
                gateway.members().stream().map(ClusterMember::toString).toList());
        return AdminResponse.ok(json);
    }

    /**
     * {@code POST /v1/members}, body {@code {"members": ["ID=udp://..;tcp://..;admin://..", ...]}}: answers when every
     * session that had to move was handed over (or not); 409 when refused.
     */
    AdminResponse updateMembers(JsonNode body, Operator operator) {
        var given = body.get("members");
        if (given == null || !given.isArray() || given.isEmpty()) {
            throw new AdminRequestException(
                    400, "members must be a non-empty list of ID=udp://HOST:PORT;tcp://HOST:PORT;admin://HOST:PORT");
        }
        var members = new ArrayList<ClusterMember>();
        for (var member : given) {
            if (!member.isTextual()) {
                throw new AdminRequestException(400, "every member must be a string ID=udp://HOST:PORT;...");
            }
            try {
                members.add(ClusterMember.parse(member.asText()));
            } catch (InvalidGatewayConfigException e) {
                throw new AdminRequestException(400, e.getMessage());
            }
        }
        var outcome = AdminRoutes.await(gateway.updateMembers(members, operator), AdminRoutes.ACTION_TIMEOUT);
        var json = new LinkedHashMap<String, Object>();
        return switch (outcome) {
            case MembershipOutcome.Changed changed -> {
                json.put(
                        "members",
                        changed.members().stream().map(ClusterMember::toString).toList());
                json.put("moved", changed.moved());
                json.put("outcomes", AdminJson.outcomes(changed.outcomes()));
                yield AdminResponse.ok(json);
            }
            case MembershipOutcome.Refused refused -> {
                json.put("result", "REFUSED");
                json.put("error", refused.reason());
                yield new AdminResponse(409, json);
            }
        };
    }

    /** {@code POST /v1/sessions/ID/import}: 200 imported, 409 refused, 503 no outcome. */
    AdminResponse importSession(String id, JsonNode body, Operator operator) {
        var handoff = HandoffJson.read(AdminRoutes.sessionId(id), body);
        var outcome = AdminRoutes.await(gateway.importSession(handoff, operator), AdminRoutes.ACTION_TIMEOUT);
        var json = new LinkedHashMap<String, Object>();
        json.put("id", handoff.id().value());
        return switch (outcome) {
            case ImportOutcome.Imported imported -> {
                json.put("imported", true);
                json.put("owner", imported.owner().toString());
                json.put("version", imported.version());
                yield AdminResponse.ok(json);
            }
            case ImportOutcome.Refused refused -> {
                json.put("imported", false);
                json.put("error", refused.reason());
                yield new AdminResponse(409, json);
            }
            case ImportOutcome.Unknown unknown -> {
                json.put("imported", false);
                json.put("error", "outcome unknown: " + unknown.cause());
                yield new AdminResponse(503, json);
            }
        };
    }
}
