package io.jumpingvpn.chaos.recording;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.HistoryEvent;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.history.JsonLinesWriter;
import io.jumpingvpn.chaos.history.OpType;
import io.jumpingvpn.chaos.history.Operation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runner's {@code history.jsonl}: every operation's invoke and completion, and the nemesis lines. Safe for use by
 * many threads; each line is one write. A write that fails is remembered ({@link #failure()}) and ends the run as
 * broken: a history with holes proves nothing.
 */
public final class RunHistory implements AutoCloseable {

    private final JsonLinesWriter<HistoryEvent> writer;
    private final ConcurrentHashMap<String, AtomicLong> opIds = new ConcurrentHashMap<>();
    private final AtomicLong invokes = new AtomicLong();
    private final AtomicLong oks = new AtomicLong();
    private final AtomicLong fails = new AtomicLong();
    private final AtomicLong infos = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();

    private RunHistory(JsonLinesWriter<HistoryEvent> writer) {
        this.writer = writer;
    }

    public static RunHistory open(Path dir) throws IOException {
        return new RunHistory(HistoryFiles.openHistory(dir));
    }

    /** Records the invoke of a new operation of {@code process} at {@code monoNs}; complete it with the result. */
    public Operation invoke(long monoNs, String process, String op) {
        long id = opIds.computeIfAbsent(process, p -> new AtomicLong()).getAndIncrement();
        return Operation.invoke(monoNs, process, op, id);
    }

    /** Writes an invoke built with {@link #invoke} and the {@code with…} methods of {@link Operation}. */
    public Operation started(Operation invoke) {
        requireNonNull(invoke, "invoke");
        if (invoke.type() != OpType.INVOKE) {
            throw new IllegalArgumentException("not an invoke: " + invoke);
        }
        invokes.incrementAndGet();
        append(invoke);
        return invoke;
    }

    /** Writes the completion of an operation. */
    public void completed(Operation completion) {
        requireNonNull(completion, "completion");
        switch (completion.type()) {
            case OK -> oks.incrementAndGet();
            case FAIL -> fails.incrementAndGet();
            case INFO -> infos.incrementAndGet();
            case INVOKE -> throw new IllegalArgumentException("not a completion: " + completion);
        }
        append(completion);
    }

    /** Writes a nemesis line (fault start or end, heal, process exit). */
    public void append(HistoryEvent event) {
        requireNonNull(event, "event");
        try {
            writer.append(event);
        } catch (IOException e) {
            failure.compareAndSet(null, "cannot write " + writer.path() + ": " + e.getMessage());
        }
    }

    /** Operations invoked, and completed by outcome, so far. */
    public OpCounts counts() {
        return new OpCounts(invokes.get(), oks.get(), fails.get(), infos.get());
    }

    /** Why the history could not be written, if a write failed. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    /** How many operations were invoked and how they ended so far. */
    public record OpCounts(long invoked, long ok, long fail, long info) {
        public long pending() {
            return invoked - ok - fail - info;
        }
    }
}
