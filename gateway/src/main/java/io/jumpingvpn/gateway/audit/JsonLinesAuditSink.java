package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Audit events as JSON lines: one object per line, the common fields first ({@code ts} as an ISO-8601 UTC instant with
 * milliseconds, {@code event_type}, {@code session_id}, {@code node_id}, {@code state_version}, {@code reason_code},
 * absent ones written as {@code null}), then the type's own fields. To standard output or appended to a file.
 */
public final class JsonLinesAuditSink implements AuditSink {

    // The sink flushes once per batch; the generator must neither close nor flush the stream per event.
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_INSTANT;

    private final OutputStream out;
    private final boolean closeStream;
    private final String description;

    private JsonLinesAuditSink(OutputStream out, boolean closeStream, String description) {
        this.out = out;
        this.closeStream = closeStream;
        this.description = description;
    }

    /** Events to standard output (never closed by the sink). */
    public static JsonLinesAuditSink stdout() {
        return new JsonLinesAuditSink(new BufferedOutputStream(System.out, 64 * 1024), false, "stdout");
    }

    /** Events to {@code stream}, which the sink closes when it closes. */
    public static JsonLinesAuditSink to(OutputStream stream, String description) {
        return new JsonLinesAuditSink(new BufferedOutputStream(requireNonNull(stream, "stream")), true, description);
    }

    /** Events appended to {@code file}, created with its parent directories if missing. */
    public static JsonLinesAuditSink file(Path file) throws IOException {
        requireNonNull(file, "file");
        var parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonLinesAuditSink(
                new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 64 * 1024), true, file.toString());
    }

    /** The JSON line of {@code event}, without the line break. */
    public static String toJson(AuditEvent event) {
        var text = new ByteArrayOutputStream(256);
        try {
            writeTo(event, text);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void write(AuditEvent event) throws IOException {
        writeTo(event, out);
        out.write('\n');
    }

    private static void writeTo(AuditEvent event, OutputStream stream) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(stream, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("ts", TS.format(event.ts().truncatedTo(ChronoUnit.MILLIS)));
            json.writeStringField("event_type", event.eventType().name());
            json.writeFieldName("session_id");
            if (event.sessionId().isPresent()) {
                json.writeString(event.sessionId().get());
            } else {
                json.writeNull();
            }
            json.writeStringField("node_id", event.nodeId());
            json.writeFieldName("state_version");
            if (event.stateVersion().isPresent()) {
                json.writeNumber(event.stateVersion().getAsLong());
            } else {
                json.writeNull();
            }
            json.writeFieldName("reason_code");
            if (event.reasonCode().isPresent()) {
                json.writeString(event.reasonCode().get());
            } else {
                json.writeNull();
            }
            for (var field : event.fields().entrySet()) {
                json.writeFieldName(field.getKey());
                switch (field.getValue()) {
                    case String s -> json.writeString(s);
                    case Long l -> json.writeNumber(l);
                    case Integer i -> json.writeNumber(i);
                    case Double d -> json.writeNumber(d);
                    case Boolean b -> json.writeBoolean(b);
                    default -> json.writeString(field.getValue().toString());
                }
            }
            json.writeEndObject();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.flush();
        if (closeStream) {
            out.close();
        }
    }

    @Override
    public String name() {
        return description.equals("stdout") ? "stdout" : "file";
    }

    @Override
    public String toString() {
        return "JsonLinesAuditSink[" + description + "]";
    }
}
