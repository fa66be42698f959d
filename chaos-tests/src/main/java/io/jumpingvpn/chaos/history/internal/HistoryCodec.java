package io.jumpingvpn.chaos.history.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.AgentEventType;
import io.jumpingvpn.chaos.history.FaultEvent;
import io.jumpingvpn.chaos.history.Heal;
import io.jumpingvpn.chaos.history.HistoryEvent;
import io.jumpingvpn.chaos.history.NodeEvent;
import io.jumpingvpn.chaos.history.NodeEventType;
import io.jumpingvpn.chaos.history.OpType;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.ProcessExit;
import io.jumpingvpn.chaos.history.RunInfo;
import io.jumpingvpn.chaos.history.SessionStateName;
import io.jumpingvpn.chaos.history.Text;
import java.util.Optional;

/**
 * The one place that knows the JSON field names of the history. Parsing throws {@link IllegalArgumentException} with a
 * message naming the field; the reader turns it into a read problem.
 */
public final class HistoryCodec {

    private static final HistoryCodec SHARED = new HistoryCodec(strictMapper());

    private final ObjectMapper mapper;

    public HistoryCodec(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper");
    }

    /**
     * A mapper for untrusted lines: trailing garbage after the object and repeated field names are refused, so a line
     * means exactly one thing.
     */
    public static ObjectMapper strictMapper() {
        var mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /** A codec over a strict mapper; safe for use by many threads. */
    public static HistoryCodec shared() {
        return SHARED;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ObjectNode toJson(RunInfo run) {
        var out = mapper.createObjectNode();
        out.put("seed", run.seed());
        var nodes = out.putArray("nodes");
        run.nodes().forEach(nodes::add);
        out.put("agents", run.agents());
        var nemeses = out.putArray("nemeses");
        run.nemeses().forEach(nemeses::add);
        out.put("node_lease_ms", run.nodeLeaseMs());
        out.put("liveness_bound_ms", run.livenessBoundMs());
        out.put("pending_grace_ms", run.pendingGraceMs());
        out.put("start_mono_ns", run.startMonoNs());
        out.put("end_mono_ns", run.endMonoNs());
        out.put("redis_mode", run.redisMode());
        run.unsafeMode().ifPresent(mode -> out.put("unsafe_mode", mode));
        return out;
    }

    public RunInfo runInfo(JsonNode json) {
        var fields = Fields.of(json);
        return new RunInfo(
                fields.requiredLong("seed"),
                fields.requiredStringList("nodes"),
                fields.requiredInt("agents"),
                fields.requiredStringList("nemeses"),
                fields.requiredLong("node_lease_ms"),
                fields.requiredLong("liveness_bound_ms"),
                fields.optionalLong("pending_grace_ms").orElse(RunInfo.DEFAULT_PENDING_GRACE_MS),
                fields.requiredLong("start_mono_ns"),
                fields.requiredLong("end_mono_ns"),
                fields.requiredString("redis_mode"),
                fields.optionalString("unsafe_mode"));
    }

    public ObjectNode toJson(HistoryEvent event) {
        var out = mapper.createObjectNode();
        out.put("mono_ns", event.monoNs());
        switch (event) {
            case Operation op -> {
                out.put("kind", op.type().json());
                out.put("process", op.process());
                out.put("op", op.op());
                out.put("op_id", op.opId());
                op.session().ifPresent(value -> out.put("session", value));
                op.node().ifPresent(value -> out.put("node", value));
                op.expectedVersion().ifPresent(value -> out.put("expected_version", value));
                op.version().ifPresent(value -> out.put("version", value));
                op.code().ifPresent(value -> out.put("code", value));
                op.detail().ifPresent(value -> out.put("detail", value));
            }
            case FaultEvent fault -> {
                out.put("kind", fault.kind());
                out.put("process", fault.process());
                out.put("fault", fault.fault());
                out.put("target", fault.target());
                out.put("fault_id", fault.faultId());
            }
            case Heal heal -> out.put("kind", "heal");
            case ProcessExit exit -> {
                out.put("kind", "process_exit");
                out.put("process", exit.process());
                exit.signal().ifPresent(value -> out.put("signal", value));
            }
        }
        return out;
    }

    public HistoryEvent historyEvent(JsonNode json) {
        var fields = Fields.of(json);
        long monoNs = fields.requiredLong("mono_ns");
        var kind = fields.requiredString("kind");
        var opType = OpType.fromJson(kind);
        if (opType.isPresent()) {
            return new Operation(
                    monoNs,
                    opType.get(),
                    fields.requiredString("process"),
                    fields.requiredString("op"),
                    fields.requiredLong("op_id"),
                    fields.optionalString("session"),
                    fields.optionalString("node"),
                    fields.optionalLong("expected_version"),
                    fields.optionalLong("version"),
                    fields.optionalString("code"),
                    fields.optionalString("detail"));
        }
        return switch (kind) {
            case "fault_start", "fault_end" ->
                new FaultEvent(
                        monoNs,
                        kind.equals("fault_start"),
                        fields.requiredString("process"),
                        fields.requiredString("fault"),
                        fields.requiredString("target"),
                        fields.requiredId("fault_id"));
            case "heal" -> new Heal(monoNs);
            case "process_exit" ->
                new ProcessExit(monoNs, fields.requiredString("process"), fields.optionalString("signal"));
            default ->
                throw new IllegalArgumentException("unknown kind '" + Text.printable(kind)
                        + "' (expected invoke, ok, fail, info, fault_start, fault_end, heal or process_exit)");
        };
    }

    public ObjectNode toJson(NodeEvent event) {
        var out = mapper.createObjectNode();
        out.put("mono_ns", event.monoNs());
        out.put("node", event.node());
        out.put("epoch", event.epoch());
        out.put("event", event.event().json());
        event.session().ifPresent(value -> out.put("session", value));
        event.version().ifPresent(value -> out.put("version", value));
        event.reason().ifPresent(value -> out.put("reason", value));
        event.validUntilMonoNs().ifPresent(value -> out.put("valid_until_mono_ns", value));
        return out;
    }

    public NodeEvent nodeEvent(JsonNode json) {
        var fields = Fields.of(json);
        long monoNs = fields.requiredLong("mono_ns");
        var name = fields.requiredString("event");
        var event = NodeEventType.fromJson(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown node event '" + Text.printable(name)
                        + "' (expected bind, unbind, forward, lease or version)"));
        return new NodeEvent(
                monoNs,
                fields.requiredString("node"),
                fields.requiredLong("epoch"),
                event,
                fields.optionalString("session"),
                fields.optionalLong("version"),
                fields.optionalString("reason"),
                fields.optionalLong("valid_until_mono_ns"));
    }

    public ObjectNode toJson(AgentEvent event) {
        var out = mapper.createObjectNode();
        out.put("mono_ns", event.monoNs());
        out.put("agent", event.agent());
        out.put("session", event.session());
        out.put("event", event.event().json());
        event.version().ifPresent(value -> out.put("version", value));
        event.node().ifPresent(value -> out.put("node", value));
        event.state().ifPresent(value -> out.put("state", value.name()));
        event.code().ifPresent(value -> out.put("code", value));
        return out;
    }

    public AgentEvent agentEvent(JsonNode json) {
        var fields = Fields.of(json);
        long monoNs = fields.requiredLong("mono_ns");
        var name = fields.requiredString("event");
        var event = AgentEventType.fromJson(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown agent event '" + Text.printable(name)
                        + "' (expected attached, accept, reject_frame, state or terminated)"));
        return new AgentEvent(
                monoNs,
                fields.requiredString("agent"),
                fields.requiredString("session"),
                event,
                fields.optionalLong("version"),
                fields.optionalString("node"),
                state(fields.optionalString("state")),
                fields.optionalString("code"));
    }

    private static Optional<SessionStateName> state(Optional<String> value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SessionStateName.fromJson(value.get())
                .orElseThrow(() -> new IllegalArgumentException("unknown state '" + Text.printable(value.get())
                        + "' (expected BIRTH, ATTACHED, VOLATILE, DEGRADED, RECOVERING or TERMINATED)")));
    }
}
