package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.internal.HistoryCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The layout of a run directory, and the writers of its files. */
public final class HistoryFiles {

    public static final String RUN = "run.json";
    public static final String HISTORY = "history.jsonl";
    public static final String NODES = "nodes";
    public static final String AGENTS = "agents";
    public static final String SUFFIX = ".jsonl";

    private HistoryFiles() {}

    public static Path nodeFile(Path dir, String node) {
        return dir.resolve(NODES).resolve(Text.token(node, "node") + SUFFIX);
    }

    public static Path agentFile(Path dir, String agentProcess) {
        return dir.resolve(AGENTS).resolve(Text.token(agentProcess, "agent process") + SUFFIX);
    }

    /**
     * Writes {@code run.json}, replacing it as a whole (the runner writes it at the start and again with the end
     * time), so that a reader never sees half of it.
     */
    public static void writeRun(Path dir, RunInfo run) throws IOException {
        requireNonNull(run, "run");
        var codec = HistoryCodec.shared();
        Files.createDirectories(dir);
        var json = codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(codec.toJson(run)) + "\n";
        var temporary = dir.resolve(RUN + ".tmp");
        Files.writeString(temporary, json, StandardCharsets.UTF_8);
        Files.move(temporary, dir.resolve(RUN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Opens {@code history.jsonl} for appending (the runner's operations and the nemesis). */
    public static JsonLinesWriter<HistoryEvent> openHistory(Path dir) throws IOException {
        var codec = HistoryCodec.shared();
        return new JsonLinesWriter<>(dir.resolve(HISTORY), codec.mapper(), codec::toJson);
    }

    /** Opens {@code nodes/<node>.jsonl} for appending; a restarted node appends to the same file. */
    public static JsonLinesWriter<NodeEvent> openNode(Path dir, String node) throws IOException {
        var codec = HistoryCodec.shared();
        return new JsonLinesWriter<>(nodeFile(dir, node), codec.mapper(), codec::toJson);
    }

    /** Opens {@code agents/<agent-process>.jsonl} for appending. */
    public static JsonLinesWriter<AgentEvent> openAgent(Path dir, String agentProcess) throws IOException {
        var codec = HistoryCodec.shared();
        return new JsonLinesWriter<>(agentFile(dir, agentProcess), codec.mapper(), codec::toJson);
    }
}
