package io.jumpingvpn.gateway.internal.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.jumpingvpn.gateway.MonotonicClock;
import io.jumpingvpn.gateway.internal.queue.BoundedWriter;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Appends the node's history lines: {@code {"mono_ns","node","epoch","event","session","version","reason",
 * "valid_until_mono_ns"}} with only the fields an event has. {@code bind} when the node starts forwarding for a session
 * at a version, {@code unbind} when it stops (with the reason), {@code forward} sampled while it forwards, {@code lease}
 * after each successful renewal with the end of the proof, {@code version} whenever it commits or observes a version.
 * The instant is taken when the event happens, not when the line is written. A disabled history does nothing.
 */
public final class NodeHistory implements AutoCloseable {

    private record Line(
            long monoNs,
            long epoch,
            String event,
            String session,
            long version,
            String reason,
            long validUntilMonoNs) {}

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();
    private static final long NONE = -1;

    private final String node;
    private final MonotonicClock clock;
    private final BoundedWriter<Line> writer;
    private final OutputStream stream;

    private NodeHistory(String node, MonotonicClock clock, BoundedWriter<Line> writer, OutputStream stream) {
        this.node = node;
        this.clock = clock;
        this.writer = writer;
        this.stream = stream;
    }

    public static NodeHistory disabled() {
        return new NodeHistory("", MonotonicClock.system(), null, null);
    }

    /** Appends to {@code file} (created with its directories if missing); a restarted node appends to the same file. */
    public static NodeHistory open(Path file, String node, MonotonicClock clock) throws IOException {
        requireNonNull(file, "file");
        requireNonNull(node, "node");
        requireNonNull(clock, "clock");
        var parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 64 * 1024);
        var writer = new BoundedWriter<Line>("jvpn-history", 65_536, new BoundedWriter.Target<>() {
            @Override
            public void write(Line line) throws IOException {
                writeLine(out, node, line);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        });
        return new NodeHistory(node, clock, writer, out);
    }

    public boolean enabled() {
        return writer != null;
    }

    /** The monotonic clock the lines are stamped with. */
    public long now() {
        return clock.nanoTime();
    }

    public void bind(long epoch, String session, long version) {
        offer(new Line(now(), epoch, "bind", session, version, null, NONE));
    }

    public void unbind(long epoch, String session, long version, String reason) {
        offer(new Line(now(), epoch, "unbind", session, version, reason, NONE));
    }

    public void forward(long monoNs, long epoch, String session, long version) {
        offer(new Line(monoNs, epoch, "forward", session, version, null, NONE));
    }

    public void lease(long epoch, long validUntilMonoNs) {
        offer(new Line(now(), epoch, "lease", null, NONE, null, validUntilMonoNs));
    }

    public void version(long epoch, String session, long version) {
        offer(new Line(now(), epoch, "version", session, version, null, NONE));
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return writer == null ? 0 : writer.dropped();
    }

    private void offer(Line line) {
        if (writer != null) {
            writer.offer(line);
        }
    }

    private static void writeLine(OutputStream out, String node, Line line) throws IOException {
        try (var json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("mono_ns", Math.max(0, line.monoNs()));
            json.writeStringField("node", node);
            json.writeNumberField("epoch", line.epoch());
            json.writeStringField("event", line.event());
            if (line.session() != null) {
                json.writeStringField("session", line.session());
            }
            if (line.version() != NONE) {
                json.writeNumberField("version", line.version());
            }
            if (line.reason() != null) {
                json.writeStringField("reason", line.reason());
            }
            if (line.validUntilMonoNs() != NONE) {
                json.writeNumberField("valid_until_mono_ns", Math.max(0, line.validUntilMonoNs()));
            }
            json.writeEndObject();
        }
        out.write('\n');
    }

    /** Writes what is queued (for at most {@code timeout}) and closes the file. */
    public void close(Duration timeout) {
        if (writer == null) {
            return;
        }
        writer.close(timeout);
        try {
            stream.close();
        } catch (IOException e) {
            // The lines that made it are on disk; nothing else to do at shutdown.
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
