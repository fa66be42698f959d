package io.jumpingvpn.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** One line of a node history file, parsed (for assertions on what a node did when). */
public record HistoryLine(
        long monoNs, long epoch, String event, String session, long version, String reason, long until) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static HistoryLine parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new HistoryLine(
                    node.get("mono_ns").asLong(),
                    node.get("epoch").asLong(),
                    node.get("event").asText(),
                    node.hasNonNull("session") ? node.get("session").asText() : null,
                    node.hasNonNull("version") ? node.get("version").asLong() : -1,
                    node.hasNonNull("reason") ? node.get("reason").asText() : null,
                    node.hasNonNull("valid_until_mono_ns")
                            ? node.get("valid_until_mono_ns").asLong()
                            : -1);
        } catch (Exception e) {
            throw new AssertionError("not a history line: " + line, e);
        }
    }

    public static List<HistoryLine> of(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).map(HistoryLine::parse).toList();
    }

    /** The lines of {@code event} for {@code session}, in file order. */
    public static List<HistoryLine> of(List<String> lines, String event, String session) {
        return of(lines).stream()
                .filter(l -> l.event().equals(event) && session.equals(l.session()))
                .toList();
    }
}
