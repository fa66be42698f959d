package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * Appends records to one JSON-lines file of the history, one complete line per write, so that a process killed with
 * SIGKILL leaves whole lines behind (the operating system keeps what was written). Safe for use by many threads.
 *
 * <p>A file that a killed predecessor left ending in a torn line gets a newline first, so the torn line stays one bad
 * line (reported by the reader) instead of spoiling the next good one.
 */
public final class JsonLinesWriter<T> implements Closeable {

    private final Path path;
    private final ObjectMapper mapper;
    private final Function<T, ObjectNode> toJson;
    private final OutputStream out;
    private boolean closed;

    JsonLinesWriter(Path path, ObjectMapper mapper, Function<T, ObjectNode> toJson) throws IOException {
        this.path = requireNonNull(path, "path");
        this.mapper = requireNonNull(mapper, "mapper");
        this.toJson = requireNonNull(toJson, "toJson");
        var parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean torn = endsWithoutNewline(path);
        this.out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (torn) {
            out.write('\n');
        }
    }

    public Path path() {
        return path;
    }

    /** Writes {@code record} as one line and hands it to the operating system before returning. */
    public synchronized void append(T record) throws IOException {
        requireNonNull(record, "record");
        if (closed) {
            throw new IOException("history file " + path + " is closed");
        }
        var line = mapper.writeValueAsString(toJson.apply(record)) + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
    }

    private static boolean endsWithoutNewline(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (var channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            var last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }
}
