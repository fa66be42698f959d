package io.jumpingvpn.chaos.history;

import static io.jumpingvpn.chaos.testing.HistoryDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.chaos.testing.Handmade;
import io.jumpingvpn.chaos.testing.HistoryDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader turns every kind of bad input into a problem naming file and line, and reads everything else. */
class HistoryReaderUnitTests {

    @TempDir
    Path dir;

    private final HistoryReader reader = new HistoryReader();

    private HistoryDir oneOfEach() {
        var invoke = Operation.invoke(at(10), "agent-0", "reattach", 1)
                .withSession("s1")
                .withNode("n1")
                .withExpectedVersion(1);
        return Handmade.bare(dir, 1)
                .add(
                        invoke,
                        invoke.ok(at(11), 3),
                        invoke.completion(OpType.INFO, at(12)).withDetail("timeout"))
                .add(FaultEvent.start(at(20), "partition-redis", "n1 <-> redis", "7"))
                .add(FaultEvent.end(at(21), "partition-redis", "n1 <-> redis", "7"), new Heal(at(22)))
                .add(new ProcessExit(at(23), "redis", Optional.empty()), ProcessExit.ofNode(at(24), "n2", "KILL"))
                .node(
                        NodeEvent.lease(at(1), "n1", 4, at(4_501)),
                        NodeEvent.bind(at(2), "n1", 4, "s1", 3),
                        NodeEvent.forward(at(3), "n1", 4, "s1", 3),
                        NodeEvent.version(at(4), "n1", 4, "s1", 3),
                        NodeEvent.unbind(at(5), "n1", 4, "s1", 3, "moved"),
                        NodeEvent.lease(at(1), "n2", 1, at(4_501)),
                        NodeEvent.lease(at(1), "n3", 2, at(4_501)))
                .agent(
                        AgentEvent.attached(at(1), "agent-0", "s1", 3, "n1"),
                        AgentEvent.accept(at(2), "agent-0", "s1", 3, "n1"),
                        AgentEvent.rejectFrame(at(3), "agent-0", "s1", 1, "n2", "older binding"),
                        AgentEvent.state(at(4), "agent-0", "s1", SessionStateName.VOLATILE, 4),
                        AgentEvent.terminated(at(5), "agent-0", "s1", "OPERATOR_TERMINATE", 5));
    }

    @Test
    void everyRecordWrittenIsReadBackEqualWithItsLine() {
        var written = oneOfEach();
        written.write();

        var history = reader.read(dir);

        assertThat(history.problems()).isEmpty();
        assertThat(history.readable()).isTrue();
        assertThat(history.run()).map(Located::value).contains(written.run());
        assertThat(history.events()).extracting(Located::value).containsExactlyElementsOf(written.events);
        assertThat(history.nodeEvents())
                .extracting(Located::value)
                .containsExactlyInAnyOrderElementsOf(written.nodeEvents);
        assertThat(history.agentEvents()).extracting(Located::value).containsExactlyElementsOf(written.agentEvents);
        assertThat(history.events().getFirst().at()).isEqualTo(new SourceRef("history.jsonl", 1));
        assertThat(history.agentEvents().getLast().at()).isEqualTo(new SourceRef("agents/agent-0.jsonl", 5));
        assertThat(history.run().orElseThrow().at()).isEqualTo(SourceRef.file("run.json"));
    }

    @Test
    void recordsAreOrderedByTimeThenFileAndLine() throws IOException {
        Handmade.bare(dir, 0)
                .node(NodeEvent.lease(at(1), "n1", 1, at(100)), NodeEvent.lease(at(1), "n2", 2, at(100)))
                .node(NodeEvent.lease(at(1), "n3", 3, at(100)))
                .write();
        append("history.jsonl", "{\"mono_ns\":" + at(5) + ",\"kind\":\"heal\"}");
        append("history.jsonl", "{\"mono_ns\":" + at(3) + ",\"kind\":\"heal\"}");
        append("history.jsonl", "{\"mono_ns\":" + at(5) + ",\"kind\":\"heal\"}");

        var history = reader.read(dir);

        assertThat(history.events()).extracting(event -> event.at().line()).containsExactly(2L, 1L, 3L);
        assertThat(history.nodeEvents())
                .extracting(event -> event.at().file())
                .containsExactly("nodes/n1.jsonl", "nodes/n2.jsonl", "nodes/n3.jsonl");
    }

    @Test
    void aMalformedLineIsAProblemAtItsLineAndTheOthersAreStillRead() throws IOException {
        oneOfEach().write();
        append("history.jsonl", "{\"mono_ns\": 1000, \"kind\": \"heal\"");
        append("history.jsonl", "{\"mono_ns\":" + at(30) + ",\"kind\":\"heal\"}");

        var history = reader.read(dir);

        assertThat(history.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.at()).isEqualTo(new SourceRef("history.jsonl", 9));
            assertThat(problem.message()).startsWith("not valid JSON: ");
            assertThat(problem.toString()).startsWith("history.jsonl:9: not valid JSON");
        });
        assertThat(history.events()).hasSize(9);
        assertThat(history.readable()).isFalse();
    }

    @Test
    void linesThatBreakTheFormatAreProblemsNamingTheField() throws IOException {
        Handmade.healthy(dir, 1).write();
        var bad = List.of(
                "[1, 2, 3]",
                "{\"kind\":\"heal\"}",
                "{\"mono_ns\":\"12\",\"kind\":\"heal\"}",
                "{\"mono_ns\":1.5,\"kind\":\"heal\"}",
                "{\"mono_ns\":99999999999999999999999,\"kind\":\"heal\"}",
                "{\"mono_ns\":-4,\"kind\":\"heal\"}",
                "{\"mono_ns\":1,\"kind\":\"explode\"}",
                "{\"mono_ns\":1,\"kind\":\"invoke\",\"process\":\"a b\",\"op\":\"attach\",\"op_id\":1}",
                "{\"mono_ns\":1,\"kind\":\"invoke\",\"process\":\"agent-1\",\"op\":\"attach\"}",
                "{\"mono_ns\":1,\"kind\":\"heal\"} trailing",
                "{\"mono_ns\":1,\"mono_ns\":2,\"kind\":\"heal\"}");
        for (var line : bad) {
            append("history.jsonl", line);
        }
        append("nodes/n1.jsonl", "{\"mono_ns\":1,\"node\":\"n1\",\"epoch\":1,\"event\":\"bind\",\"session\":\"s1\"}");
        append(
                "nodes/n1.jsonl",
                "{\"mono_ns\":1,\"node\":\"n2\",\"epoch\":1,\"event\":\"version\",\"session\":\"s1\","
                        + "\"version\":1}");
        append("nodes/n1.jsonl", "{\"mono_ns\":1,\"node\":\"n1\",\"epoch\":1,\"event\":\"teleport\"}");
        append(
                "agents/a.jsonl",
                "{\"mono_ns\":1,\"agent\":\"a\",\"session\":\"s1\",\"event\":\"state\",\"state\":\"ASLEEP\"}");
        append(
                "agents/a.jsonl",
                "{\"mono_ns\":1,\"agent\":\"a\",\"session\":\"s1\",\"event\":\"accept\",\"version\":1}");

        var history = reader.read(dir);

        assertThat(history.problems())
                .extracting(ReadProblem::toString)
                .containsExactly(
                        "history.jsonl:1: expected a JSON object, got array [1,2,3]",
                        "history.jsonl:2: missing field mono_ns",
                        "history.jsonl:3: field mono_ns must be an integer, got string \"12\"",
                        "history.jsonl:4: field mono_ns must be an integer, got number 1.5",
                        "history.jsonl:5: field mono_ns must be an integer, got number 99999999999999999999999",
                        "history.jsonl:6: mono_ns must be >= 0, got -4",
                        "history.jsonl:7: unknown kind 'explode' (expected invoke, ok, fail, info, fault_start,"
                                + " fault_end, heal or process_exit)",
                        "history.jsonl:8: process must be 1 to 128 characters of [A-Za-z0-9._-] not starting with"
                                + " '.', got 'a b'",
                        "history.jsonl:9: missing field op_id",
                        history.problems().get(9).toString(),
                        history.problems().get(10).toString(),
                        "nodes/n1.jsonl:62: a bind event needs version",
                        "nodes/n1.jsonl:63: the line names node 'n2' but the file is node 'n1'",
                        "nodes/n1.jsonl:64: unknown node event 'teleport' (expected bind, unbind, forward, lease or"
                                + " version)",
                        "agents/a.jsonl:1: unknown state 'ASLEEP' (expected BIRTH, ATTACHED, VOLATILE, DEGRADED,"
                                + " RECOVERING or TERMINATED)",
                        "agents/a.jsonl:2: an agent accept event needs node");
        assertThat(history.problems().get(9).toString()).startsWith("history.jsonl:10: not valid JSON");
        assertThat(history.problems().get(10).toString())
                .startsWith("history.jsonl:11: not valid JSON")
                .contains("Duplicate field 'mono_ns'");
    }

    @Test
    void unknownFieldsAndBlankLinesAreIgnoredAndCrLfIsAccepted() throws IOException {
        Handmade.healthy(dir, 0).write();
        append("history.jsonl", "");
        append("history.jsonl", "   ");
        append(
                "history.jsonl",
                "{\"mono_ns\":7,\"kind\":\"heal\",\"future_field\":{\"nested\":[1]},\"process\":null}\r");

        var history = reader.read(dir);

        assertThat(history.problems()).isEmpty();
        assertThat(history.events()).singleElement().satisfies(event -> {
            assertThat(event.value()).isEqualTo(new Heal(7));
            assertThat(event.at().line()).isEqualTo(3);
        });
    }

    @Test
    void invalidUtf8AndOverlongLinesAreProblemsAndReadingGoesOn() throws IOException {
        Handmade.healthy(dir, 0).write();
        var history = dir.resolve("history.jsonl");
        Files.write(history, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}, StandardOpenOption.APPEND);
        Files.writeString(history, "x".repeat(2 * (1 << 20)) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        append("history.jsonl", "{\"mono_ns\":7,\"kind\":\"heal\"}");

        var read = reader.read(dir);

        assertThat(read.problems())
                .extracting(ReadProblem::toString)
                .containsExactly(
                        "history.jsonl:1: line is not valid UTF-8",
                        "history.jsonl:2: line is longer than 1048576 bytes");
        assertThat(read.events())
                .singleElement()
                .satisfies(event -> assertThat(event.at().line()).isEqualTo(3));
    }

    @Test
    void missingFilesAndAnInconsistentRunAreProblems() throws IOException {
        Handmade.healthy(dir, 2).write();
        Files.delete(dir.resolve("nodes/n3.jsonl"));
        Files.delete(dir.resolve("history.jsonl"));
        Files.writeString(dir.resolve("nodes/n9.jsonl"), "");

        var history = reader.read(dir);

        assertThat(history.problems())
                .extracting(ReadProblem::toString)
                .containsExactly(
                        "history.jsonl: missing",
                        "nodes/n9.jsonl: node 'n9' is not one of the nodes in run.json [n1, n2, n3]",
                        "nodes/n3.jsonl: missing: node n3 is in run.json but wrote no history",
                        "agents: run.json says 2 agents ran but there is no agent file");
    }

    @Test
    void aMissingOrBrokenRunJsonIsAProblem() throws IOException {
        assertThat(reader.read(dir).problems())
                .extracting(ReadProblem::toString)
                .containsExactly("run.json: missing: the run description is required", "history.jsonl: missing");

        Files.writeString(dir.resolve("history.jsonl"), "");
        Files.writeString(dir.resolve("run.json"), "{\n  \"seed\": 1,\n  oops\n}");
        assertThat(reader.read(dir).problems()).singleElement().satisfies(problem -> assertThat(problem.toString())
                .startsWith("run.json:3: not valid JSON"));

        Files.writeString(
                dir.resolve("run.json"),
                "{\"seed\":1,\"nodes\":[\"n1\"],\"agents\":0,\"nemeses\":[],\"node_lease_ms\":5000,"
                        + "\"liveness_bound_ms\":12000,\"start_mono_ns\":100,\"end_mono_ns\":50,\"redis_mode\":\"standalone\"}");
        assertThat(reader.read(dir).problems())
                .extracting(ReadProblem::toString)
                .containsExactly("run.json: end_mono_ns (50) must not be before start_mono_ns (100)");

        assertThat(reader.read(dir.resolve("nowhere")).problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).isEqualTo("the run directory does not exist"));
    }

    @Test
    void optionalRunFieldsTakeTheirDefaults() throws IOException {
        Files.writeString(
                dir.resolve("run.json"),
                "{\"seed\":1,\"nodes\":[\"n1\"],\"agents\":0,\"nemeses\":[\"kill-node\"],\"node_lease_ms\":5000,"
                        + "\"liveness_bound_ms\":12000,\"start_mono_ns\":100,\"end_mono_ns\":500,\"redis_mode\":\"sentinel\"}");

        var run = reader.read(dir).run().orElseThrow().value();

        assertThat(run.pendingGraceMs()).isEqualTo(RunInfo.DEFAULT_PENDING_GRACE_MS);
        assertThat(run.unsafeMode()).isEmpty();
        assertThat(run.redisMode()).isEqualTo("sentinel");
    }

    @Test
    void problemsBeyondAHundredPerFileAreCountedInOne() throws IOException {
        Handmade.healthy(dir, 0).write();
        for (int i = 0; i < 130; i++) {
            append("history.jsonl", "garbage " + i);
        }

        var problems = reader.read(dir).problems();

        assertThat(problems).hasSize(101);
        assertThat(problems.getLast().toString()).isEqualTo("history.jsonl: 30 more problems in this file");
    }

    @Test
    void aTornLastLineStaysOneBadLineWhenTheFileIsAppendedAgain() throws IOException {
        Handmade.healthy(dir, 0).write();
        var file = dir.resolve("nodes/n1.jsonl");
        long lines = Files.readAllLines(file).size();
        Files.writeString(file, "{\"mono_ns\":12,\"node\":\"n1\",\"ep", StandardOpenOption.APPEND); // killed mid-write

        try (var writer = HistoryFiles.openNode(dir, "n1")) {
            writer.append(NodeEvent.lease(at(61_000), "n1", 7, at(65_500)));
        }

        var history = reader.read(dir);
        assertThat(history.problems()).singleElement().satisfies(problem -> assertThat(problem.at())
                .isEqualTo(new SourceRef("nodes/n1.jsonl", lines + 1)));
        assertThat(history.nodeEvents())
                .anySatisfy(event -> assertThat(event.value().epoch()).isEqualTo(7));
    }

    @Test
    void theRecordsRefuseWhatTheFormatDoesNotAllow() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new NodeEvent(
                        1,
                        "n1",
                        1,
                        NodeEventType.LEASE,
                        Optional.empty(),
                        OptionalLong.empty(),
                        Optional.empty(),
                        OptionalLong.empty()))
                .withMessage("a lease event needs valid_until_mono_ns");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> HistoryDir.run(List.of("n1", "n1"), 0, 10))
                .withMessageContaining("nodes must be distinct");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> HistoryFiles.nodeFile(dir, "../etc"))
                .withMessageContaining("node must be 1 to 128 characters");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Operation.invoke(1, "agent-0", "attach", 1).completion(OpType.INVOKE, 2));
    }

    private void append(String file, String line) throws IOException {
        var path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(
                path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
