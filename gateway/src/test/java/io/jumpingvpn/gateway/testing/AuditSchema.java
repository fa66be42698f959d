package io.jumpingvpn.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jumpingvpn.gateway.audit.AuditEvent;
import io.jumpingvpn.gateway.audit.JsonLinesAuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The published audit event schema ({@code events.schema.json}), for validating what the sinks really write. */
public final class AuditSchema {

    public static final String RESOURCE = "/io/jumpingvpn/gateway/audit/events.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private AuditSchema() {}

    private static JsonSchema load() {
        try (var in = AuditEvent.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about one JSON line; empty when it is valid. */
    public static List<String> problems(String line) {
        try {
            return SCHEMA.validate(JSON.readTree(line)).stream()
                    .map(ValidationMessage::getMessage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    public static List<String> problems(AuditEvent event) {
        return problems(JsonLinesAuditSink.toJson(event));
    }
}
