package io.jumpingvpn.agent.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent history file: JSON lines appended by a writer thread. {@link #append} never blocks: lines go to a bounded
 * queue, and a line that does not fit is dropped and counted ({@link #dropped()}), so the data path never waits for the
 * disk. Several agents of one process may share one history. Thread-safe.
 *
 * <p>Lines reach the file whole (docs/chaos.md, "Rules for every file"): each batch of complete lines, newlines
 * included, goes out in one unbuffered write, so a process killed at any instant leaves only whole lines; a file that
 * a killed predecessor left ending in a torn line is first given a newline, so the torn line stays one bad line.
 */
public final class AgentHistory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHistory.class);
    private static final int QUEUE_CAPACITY = 65_536;
    private static final long CLOSE_WAIT_MS = 5_000;

    private final Path file;
    private final BlockingQueue<HistoryLine> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final OutputStream out;
    private final ByteArrayOutputStream batchBytes = new ByteArrayOutputStream(64 * 1024);
    private final JsonGenerator json;
    private final Thread writer;
    private volatile boolean closing;

    private AgentHistory(Path file, OutputStream out) throws IOException {
        this.file = file;
        this.out = out;
        this.json = new JsonFactory().createGenerator(batchBytes, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
        this.writer = Thread.ofPlatform().daemon().name("jvpn-agent-history").unstarted(this::run);
        writer.start();
    }

    /** Opens {@code file} for appending (creating it and its directory if needed). */
    public static AgentHistory open(Path file) throws IOException {
        requireNonNull(file, "file");
        var parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean torn = endsTorn(file);
        var stream = Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        if (torn) {
            stream.write('\n');
        }
        return new AgentHistory(file, stream);
    }

    private static boolean endsTorn(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            return last.get(0) != '\n';
        }
    }

    public Path file() {
        return file;
    }

    /** Queues {@code line}; drops and counts it when the queue is full or the history is closed. */
    public void append(HistoryLine line) {
        requireNonNull(line, "line");
        if (closing || !queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped so far. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines written so far. */
    public long written() {
        return written.get();
    }

    private void run() {
        try {
            drainUntilClosed();
        } finally {
            try {
                json.close();
                out.close();
            } catch (IOException e) {
                LOG.error("agent history {}: cannot close ({})", file, e.getMessage());
            }
            dropped.addAndGet(queue.size());
            queue.clear();
        }
    }

    private void drainUntilClosed() {
        var batch = new ArrayList<HistoryLine>(256);
        boolean failed = false;
        while (true) {
            HistoryLine first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, 4096);
            if (failed) {
                dropped.addAndGet(batch.size());
            } else {
                failed = !write(batch);
            }
            batch.clear();
        }
    }

    private boolean write(Iterable<HistoryLine> lines) {
        try {
            int count = 0;
            batchBytes.reset();
            for (var line : lines) {
                writeLine(line);
                count++;
            }
            json.flush();
            out.write(batchBytes.toByteArray());
            written.addAndGet(count);
            return true;
        } catch (IOException e) {
            LOG.error("agent history {}: cannot write ({}); further lines are dropped", file, e.getMessage());
            return false;
        }
    }

    private void writeLine(HistoryLine line) throws IOException {
        json.writeStartObject();
        json.writeNumberField("mono_ns", line.monoNs());
        json.writeStringField("agent", line.agent());
        json.writeStringField("session", line.session());
        json.writeStringField("event", line.event().json());
        if (line.version().isPresent()) {
            json.writeNumberField("version", line.version().getAsLong());
        }
        if (line.node().isPresent()) {
            json.writeStringField("node", line.node().get());
        }
        if (line.state().isPresent()) {
            json.writeStringField("state", line.state().get().name());
        }
        if (line.code().isPresent()) {
            json.writeStringField("code", line.code().get());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /**
     * Writes what is queued and closes the file, waiting a few seconds at most (the writer thread then stops on its
     * own, dropping what is left). Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            LOG.warn("agent history {}: writer still busy after {} ms; stopping it", file, CLOSE_WAIT_MS);
        }
    }

    @Override
    public String toString() {
        return "AgentHistory[" + file + ", written=" + written.get() + ", dropped=" + dropped.get() + "]";
    }
}
