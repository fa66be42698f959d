package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jumpingvpn.chaos.history.internal.HistoryCodec;
import io.jumpingvpn.chaos.history.internal.LineSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a run directory into a {@link History}. It never throws for what it finds in the directory: a missing file, a
 * malformed line, a record that breaks the format each become a {@link ReadProblem}, and reading goes on.
 */
public final class HistoryReader {

    /** After this many problems in one file the rest are counted in one last problem. */
    static final int MAX_PROBLEMS_PER_FILE = 100;

    private final HistoryCodec codec;

    public HistoryReader() {
        this(HistoryCodec.shared());
    }

    HistoryReader(HistoryCodec codec) {
        this.codec = requireNonNull(codec, "codec");
    }

    public History read(Path dir) {
        requireNonNull(dir, "dir");
        var problems = new ArrayList<ReadProblem>();
        if (!Files.isDirectory(dir)) {
            problems.add(new ReadProblem(SourceRef.file(dir.toString()), "the run directory does not exist"));
            return new History(dir, Optional.empty(), List.of(), List.of(), List.of(), problems);
        }
        var run = readRun(dir, problems);
        var events = new ArrayList<Located<HistoryEvent>>();
        readLines(dir, HistoryFiles.HISTORY, codec::historyEvent, event -> Optional.empty(), events, problems);

        var nodeEvents = new ArrayList<Located<NodeEvent>>();
        var nodeFiles = listJsonLines(dir, HistoryFiles.NODES, problems);
        var seenNodes = new HashSet<String>();
        for (var file : nodeFiles) {
            var node = file.substring(0, file.length() - HistoryFiles.SUFFIX.length());
            seenNodes.add(node);
            run.ifPresent(info -> {
                if (!info.value().nodes().contains(node)) {
                    problems.add(new ReadProblem(
                            SourceRef.file(HistoryFiles.NODES + "/" + file),
                            "node '" + Text.printable(node) + "' is not one of the nodes in run.json "
                                    + info.value().nodes()));
                }
            });
            readLines(
                    dir,
                    HistoryFiles.NODES + "/" + file,
                    codec::nodeEvent,
                    event -> event.node().equals(node)
                            ? Optional.empty()
                            : Optional.of("the line names node '" + event.node() + "' but the file is node '"
                                    + Text.printable(node) + "'"),
                    nodeEvents,
                    problems);
        }
        run.ifPresent(info -> missingNodeFiles(info, seenNodes, problems));

        var agentEvents = new ArrayList<Located<AgentEvent>>();
        var agentFiles = listJsonLines(dir, HistoryFiles.AGENTS, problems);
        for (var file : agentFiles) {
            readLines(
                    dir,
                    HistoryFiles.AGENTS + "/" + file,
                    codec::agentEvent,
                    event -> Optional.empty(),
                    agentEvents,
                    problems);
        }
        run.ifPresent(info -> {
            if (info.value().agents() > 0 && agentFiles.isEmpty()) {
                problems.add(new ReadProblem(
                        SourceRef.file(HistoryFiles.AGENTS),
                        "run.json says " + info.value().agents() + " agents ran but there is no agent file"));
            }
        });
        return new History(dir, run, events, nodeEvents, agentEvents, problems);
    }

    private Optional<Located<RunInfo>> readRun(Path dir, List<ReadProblem> problems) {
        var at = SourceRef.file(HistoryFiles.RUN);
        String text;
        try {
            text = Files.readString(dir.resolve(HistoryFiles.RUN));
        } catch (NoSuchFileException e) {
            problems.add(new ReadProblem(at, "missing: the run description is required"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new ReadProblem(at, "cannot be read: " + e));
            return Optional.empty();
        }
        try {
            return Optional.of(new Located<>(at, codec.runInfo(codec.mapper().readTree(text))));
        } catch (JsonProcessingException e) {
            var line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            problems.add(new ReadProblem(new SourceRef(HistoryFiles.RUN, line), "not valid JSON: " + brief(e)));
        } catch (IllegalArgumentException e) {
            problems.add(new ReadProblem(at, e.getMessage()));
        }
        return Optional.empty();
    }

    private <T> void readLines(
            Path dir,
            String file,
            Function<JsonNode, T> parse,
            Function<T, Optional<String>> extraCheck,
            List<Located<T>> out,
            List<ReadProblem> problems) {
        var fileProblems = new ArrayList<ReadProblem>();
        try (var in = Files.newInputStream(dir.resolve(file))) {
            var lines = new LineSource(in);
            for (var line = lines.next(); line != null; line = lines.next()) {
                var at = new SourceRef(file, line.number());
                switch (line) {
                    case LineSource.Line.Bad bad -> fileProblems.add(new ReadProblem(at, bad.reason()));
                    case LineSource.Line.Text text -> {
                        if (text.text().isBlank()) {
                            continue;
                        }
                        parseLine(text.text(), at, parse, extraCheck, out, fileProblems);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            fileProblems.add(new ReadProblem(SourceRef.file(file), "missing"));
        } catch (IOException e) {
            fileProblems.add(new ReadProblem(SourceRef.file(file), "cannot be read: " + e));
        }
        if (fileProblems.size() > MAX_PROBLEMS_PER_FILE) {
            int more = fileProblems.size() - MAX_PROBLEMS_PER_FILE;
            problems.addAll(fileProblems.subList(0, MAX_PROBLEMS_PER_FILE));
            problems.add(new ReadProblem(SourceRef.file(file), more + " more problems in this file"));
        } else {
            problems.addAll(fileProblems);
        }
    }

    private <T> void parseLine(
            String text,
            SourceRef at,
            Function<JsonNode, T> parse,
            Function<T, Optional<String>> extraCheck,
            List<Located<T>> out,
            List<ReadProblem> problems) {
        JsonNode json;
        try {
            json = codec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new ReadProblem(at, "not valid JSON: " + brief(e)));
            return;
        }
        try {
            var record = parse.apply(json);
            var wrong = extraCheck.apply(record);
            if (wrong.isPresent()) {
                problems.add(new ReadProblem(at, wrong.get()));
                return;
            }
            out.add(new Located<>(at, record));
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(new ReadProblem(at, String.valueOf(e.getMessage())));
        }
    }

    private static List<String> listJsonLines(Path dir, String subdirectory, List<ReadProblem> problems) {
        var path = dir.resolve(subdirectory);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (var entries = Files.list(path)) {
            return entries.filter(Files::isRegularFile)
                    .map(entry -> entry.getFileName().toString())
                    .filter(name -> name.endsWith(HistoryFiles.SUFFIX) && name.length() > HistoryFiles.SUFFIX.length())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(new ReadProblem(SourceRef.file(subdirectory), "cannot be listed: " + e));
            return List.of();
        }
    }

    private static void missingNodeFiles(Located<RunInfo> run, Set<String> seen, List<ReadProblem> problems) {
        for (var node : run.value().nodes()) {
            if (!seen.contains(node)) {
                problems.add(new ReadProblem(
                        SourceRef.file(HistoryFiles.NODES + "/" + node + HistoryFiles.SUFFIX),
                        "missing: node " + node + " is in run.json but wrote no history"));
            }
        }
    }

    /** Jackson's message without the source excerpt it appends (the excerpt repeats untrusted input). */
    private static String brief(JsonProcessingException e) {
        return Text.printable(e.getOriginalMessage());
    }
}
