package io.jumpingvpn.gateway.admin;

import io.jumpingvpn.gateway.ClusterNode;
import io.jumpingvpn.gateway.DrainReport;
import io.jumpingvpn.gateway.FailoverOutcome;
import io.jumpingvpn.gateway.MigrationReport;
import io.jumpingvpn.gateway.SessionView;
import io.jumpingvpn.gateway.TransferOutcome;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The admin API's JSON bodies, as ordered maps (field by field in docs/admin.md). */
final class AdminJson {

    private AdminJson() {}

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    /** A session as this node holds it. */
    static Map<String, Object> view(SessionView view) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", view.id().value());
        json.put("state", view.state().name());
        json.put("version", view.version());
        json.put("owner", view.owner().toString());
        json.put("binding", view.binding().map(Object::toString).orElse(null));
        json.put("age_ms", view.age().toMillis());
        json.put(
                "transportless_ms", view.transportless().map(Duration::toMillis).orElse(null));
        return json;
    }

    /** A session as the store holds it. */
    static Map<String, Object> record(SessionRecord record) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", record.id().value());
        json.put("state", record.state().name());
        json.put("version", record.version());
        json.put("owner", record.owner().toString());
        json.put("binding", record.binding().toString());
        json.put("last_commit", record.lastCommit().name());
        json.put("created_at_ms", record.createdAtMs());
        json.put("updated_at_ms", record.updatedAtMs());
        json.put("expires_at_ms", record.expiresAtMs());
        json.put("termination_reason", record.terminationReason().orElse(null));
        json.put("previous_owner", record.previousOwner().map(Object::toString).orElse(null));
        json.put("handover_until_ms", record.handoverUntilMs());
        return json;
    }

    /** A read: the record with the store's time, its age and whether its owner's lease was alive. */
    static Map<String, Object> found(ReadResult.Found found) {
        var json = record(found.record());
        json.put("store_now_ms", found.storeNowMs());
        json.put("age_ms", Math.max(0, found.storeNowMs() - found.record().createdAtMs()));
        json.put("owner_alive", found.ownerLeaseAlive());
        return json;
    }

    static Map<String, Object> node(ClusterNode node) {
        var json = new LinkedHashMap<String, Object>();
        json.put("node", node.node().node().value());
        json.put("epoch", node.node().epoch());
        json.put("alive", node.alive());
        json.put("lease_expires_at_ms", node.leaseExpiresAtMs());
        json.put("lease_left_ms", node.leaseLeftMs());
        json.put("endpoints", node.endpoints().stream().map(Object::toString).toList());
        json.put("self", node.self());
        return json;
    }

    static Map<String, Object> outcome(TransferOutcome outcome) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", outcome.id().value());
        switch (outcome) {
            case TransferOutcome.Transferred transferred -> {
                json.put("result", "TRANSFERRED");
                json.put("to", transferred.to().toString());
                json.put("version", transferred.version());
            }
            case TransferOutcome.NotTransferred not -> {
                json.put("result", "NOT_TRANSFERRED");
                json.put("reason", not.reason());
            }
        }
        return json;
    }

    static List<Map<String, Object>> outcomes(List<TransferOutcome> outcomes) {
        return outcomes.stream().map(AdminJson::outcome).toList();
    }

    static Map<String, Object> migration(MigrationReport report) {
        var json = new LinkedHashMap<String, Object>();
        json.put("target", report.target().value());
        json.put("transferred", report.transferred());
        json.put("outcomes", outcomes(report.outcomes()));
        return json;
    }

    static Map<String, Object> drain(DrainReport report) {
        var json = new LinkedHashMap<String, Object>();
        json.put("held", report.held());
        json.put("redirected", report.redirected());
        json.put("moved_by_agents", report.movedByAgents());
        json.put("transferred", outcomes(report.transferred()));
        json.put("left", report.left());
        json.put("took_ms", report.took().toMillis());
        return json;
    }

    static Map<String, Object> failover(FailoverOutcome.FailedOver done) {
        var json = new LinkedHashMap<String, Object>();
        json.put("node", done.node().value());
        json.put("result", "FAILED_OVER");
        json.put("transferred", done.transferred());
        json.put("outcomes", outcomes(done.outcomes()));
        return json;
    }
}
