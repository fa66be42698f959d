package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One audit event: the common fields of the brief ({@code ts}, {@code event_type}, {@code session_id}, {@code node_id},
 * {@code state_version}, {@code reason_code}) and the fields of its type, in insertion order. Immutable.
 *
 * <p>Type-specific field names are lower snake case and never one of the common names; values are strings, whole
 * numbers, decimal numbers or booleans. The factory methods below are the events the gateway emits.
 */
public record AuditEvent(
        Instant ts,
        AuditEventType eventType,
        Optional<String> sessionId,
        String nodeId,
        OptionalLong stateVersion,
        Optional<String> reasonCode,
        Map<String, Object> fields) {

    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Set<String> COMMON =
            Set.of("ts", "event_type", "session_id", "node_id", "state_version", "reason_code");

    public AuditEvent {
        requireNonNull(ts, "ts");
        requireNonNull(eventType, "eventType");
        requireNonNull(sessionId, "sessionId");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(stateVersion, "stateVersion");
        requireNonNull(reasonCode, "reasonCode");
        requireNonNull(fields, "fields");
        var copy = new LinkedHashMap<String, Object>();
        fields.forEach((name, value) -> {
            requireNonNull(name, "field name");
            requireNonNull(value, "value of field " + name);
            if (!FIELD.matcher(name).matches() || COMMON.contains(name)) {
                throw new IllegalArgumentException("audit field name '" + name + "' is not a lower snake case name"
                        + " distinct from the common fields");
            }
            if (!(value instanceof String
                    || value instanceof Long
                    || value instanceof Integer
                    || value instanceof Double
                    || value instanceof Boolean)) {
                throw new IllegalArgumentException("audit field '" + name + "' has a "
                        + value.getClass().getSimpleName() + "; allowed: String, Long, Integer, Double, Boolean");
            }
            copy.put(name, value);
        });
        fields = Collections.unmodifiableMap(copy);
    }

    /** A transition of the session state machine. {@code status} is COMMITTED or LOCAL (detected, not committed). */
    public static AuditEvent stateChange(
            Instant ts,
            String node,
            String session,
            long version,
            String from,
            String to,
            String event,
            String status) {
        return new AuditEvent(
                ts,
                AuditEventType.STATE_CHANGE,
                Optional.of(session),
                node,
                OptionalLong.of(version),
                Optional.of(event),
                fields("from", from, "to", to, "status", status));
    }

    /**
     * A session moved from {@code previous} to {@code current} ({@code transport://peer}); {@code lossRatio} is the
     * heartbeat loss the node measured on the previous binding, {@code transportlessMs} how long the session had no
     * transport before the switch (0 when the previous one still carried frames), {@code latencyMs} the time from the
     * agent signing its reattach request to the switch (the node's wall clock against the agent's, so up to their offset).
     */
    public static AuditEvent transportSwitch(
            Instant ts,
            String node,
            String session,
            long version,
            String previous,
            String current,
            double lossRatio,
            long transportlessMs,
            long latencyMs) {
        return new AuditEvent(
                ts,
                AuditEventType.TRANSPORT_SWITCH,
                Optional.of(session),
                node,
                OptionalLong.of(version),
                Optional.empty(),
                fields(
                        "previous_transport",
                        previous,
                        "new_transport",
                        current,
                        "loss_ratio",
                        lossRatio,
                        "transportless_ms",
                        transportlessMs,
                        "latency_ms",
                        latencyMs));
    }

    /**
     * A reattach answered: {@code version} is the new version when accepted, the current version a refusal carried
     * when it carried one; {@code code} is the reject code when refused.
     */
    public static AuditEvent reattachResult(
            Instant ts,
            String node,
            String session,
            OptionalLong version,
            Optional<String> code,
            long expectedVersion,
            long nonce,
            String source,
            String requestId) {
        return new AuditEvent(
                ts,
                AuditEventType.REATTACH_RESULT,
                Optional.of(session),
                node,
                version,
                code,
                fields(
                        "result",
                        code.isPresent() ? "REJECTED" : "ACCEPTED",
                        "expected_version",
                        expectedVersion,
                        "nonce",
                        nonce,
                        "source",
                        source,
                        "request_id",
                        requestId));
    }

    /** The session's owner changed from {@code previousOwner} at {@code previousEpoch} to {@code newOwner}. */
    public static AuditEvent ownershipChange(
            Instant ts,
            String node,
            String session,
            long version,
            String previousOwner,
            long previousEpoch,
            String newOwner,
            long newEpoch,
            String cause) {
        return new AuditEvent(
                ts,
                AuditEventType.OWNERSHIP_CHANGE,
                Optional.of(session),
                node,
                OptionalLong.of(version),
                Optional.of(cause),
                fields(
                        "previous_owner",
                        previousOwner,
                        "previous_epoch",
                        previousEpoch,
                        "new_owner",
                        newOwner,
                        "new_epoch",
                        newEpoch));
    }

    /**
     * An ownership change an operator asked for (a migration, a drain, a failover): the event above with the
     * {@code operator} who asked.
     */
    public static AuditEvent ownershipChange(
            Instant ts,
            String node,
            String session,
            long version,
            String previousOwner,
            long previousEpoch,
            String newOwner,
            long newEpoch,
            String cause,
            String operator) {
        var event =
                ownershipChange(ts, node, session, version, previousOwner, previousEpoch, newOwner, newEpoch, cause);
        var fields = new LinkedHashMap<>(event.fields());
        fields.put("operator", operator);
        return new AuditEvent(
                ts, event.eventType(), event.sessionId(), node, event.stateVersion(), event.reasonCode(), fields);
    }

    /**
     * An administrative action ({@code action}: TERMINATE, DRAIN, MIGRATE, FAILOVER), asked for by {@code operator}, as
     * the node carried it out: {@code result} (DONE, PARTIAL, REFUSED) is the reason code; {@code target} names what it
     * acted on (a session, a node, {@code -}); {@code detail} is one line.
     */
    public static AuditEvent adminAction(
            Instant ts,
            String node,
            Optional<String> session,
            String action,
            String operator,
            String target,
            String result,
            String detail) {
        return new AuditEvent(
                ts,
                AuditEventType.ADMIN_ACTION,
                session,
                node,
                OptionalLong.empty(),
                Optional.of(result),
                fields("action", action, "operator", operator, "target", target, "detail", detail));
    }

    /**
     * A session ended with {@code code}. {@code committed} says whether the store recorded it ({@code version} is then
     * the store's); {@code transportlessMs} is 0 when it still had a transport.
     */
    public static AuditEvent sessionTerminated(
            Instant ts,
            String node,
            String session,
            long version,
            String code,
            long ageMs,
            long transportlessMs,
            boolean committed) {
        return new AuditEvent(
                ts,
                AuditEventType.SESSION_TERMINATED,
                Optional.of(session),
                node,
                OptionalLong.of(version),
                Optional.of(code),
                fields("age_ms", ageMs, "transportless_ms", transportlessMs, "committed", committed));
    }

    /**
     * Something an operator must see: {@code kind} (AUTH_FAILURE, REPLAY, FRESHNESS, RECORD_CORRUPT, OWNERSHIP_ANOMALY,
     * PROTOCOL_VIOLATION, ABUSE), the code answered or recorded, the source address and one line of detail.
     */
    public static AuditEvent securityEvent(
            Instant ts,
            String node,
            Optional<String> session,
            OptionalLong version,
            String kind,
            String code,
            String source,
            String detail) {
        return new AuditEvent(
                ts,
                AuditEventType.SECURITY_EVENT,
                session,
                node,
                version,
                Optional.of(code),
                fields("kind", kind, "source", source, "detail", detail));
    }

    /**
     * A handshake answered from {@code source}: accepted (the new {@code session} at {@code version}) or refused with
     * {@code code} (no session then). {@code detail} is one line.
     */
    public static AuditEvent handshakeResult(
            Instant ts,
            String node,
            Optional<String> session,
            OptionalLong version,
            Optional<String> code,
            String source,
            String detail) {
        return new AuditEvent(
                ts,
                AuditEventType.HANDSHAKE_RESULT,
                session,
                node,
                version,
                code,
                fields("result", code.isPresent() ? "REJECTED" : "ACCEPTED", "source", source, "detail", detail));
    }

    /**
     * {@code lost} events were dropped since the last such report ({@code total} since the node started) because the
     * audit queue of {@code capacity} events was full.
     */
    public static AuditEvent auditDropped(Instant ts, String node, long lost, long total, int capacity) {
        return new AuditEvent(
                ts,
                AuditEventType.AUDIT_DROPPED,
                Optional.empty(),
                node,
                OptionalLong.empty(),
                Optional.of("QUEUE_FULL"),
                fields("dropped_events", lost, "dropped_total", total, "queue_capacity", capacity));
    }

    private static Map<String, Object> fields(Object... namesAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
