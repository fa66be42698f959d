package io.jumpingvpn.deploy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Readable text of the admin API's answers: aligned tables and one-line summaries. */
final class AdminText {

    private AdminText() {}

    static String sessions(AdminClient.Answer answer) {
        var body = answer.body();
        var sessions = body.get("sessions");
        var rows = new ArrayList<List<String>>();
        if (body.get("scope").asText().equals("node")) {
            rows.add(List.of("ID", "STATE", "VERSION", "OWNER", "BINDING", "AGE", "TRANSPORTLESS"));
            for (var s : sessions) {
                rows.add(List.of(
                        s.get("id").asText(),
                        s.get("state").asText(),
                        s.get("version").asText(),
                        s.get("owner").asText(),
                        orDash(s.get("binding")),
                        millis(s.get("age_ms")),
                        millis(s.get("transportless_ms"))));
            }
            return "node " + body.get("node").asText() + ": " + count(sessions.size(), "session") + "\n" + table(rows);
        }
        rows.add(List.of("ID", "STATE", "VERSION", "OWNER", "BINDING", "LAST COMMIT", "REASON"));
        for (var s : sessions) {
            rows.add(List.of(
                    s.get("id").asText(),
                    s.get("state").asText(),
                    s.get("version").asText(),
                    s.get("owner").asText(),
                    s.get("binding").asText(),
                    s.get("last_commit").asText(),
                    orDash(s.get("termination_reason"))));
        }
        var owner = body.get("owner");
        return "store" + (owner == null || owner.isNull() ? "" : ", owned by " + owner.asText()) + ": "
                + count(sessions.size(), "session") + "\n" + table(rows);
    }

    static String session(AdminClient.Answer answer) {
        var body = answer.body();
        var text = new StringBuilder("session ").append(body.get("id").asText()).append('\n');
        var local = body.get("local");
        if (local == null || local.isNull()) {
            text.append("  here:  not held by this node\n");
        } else {
            text.append("  here:  ")
                    .append(local.get("state").asText())
                    .append(" v")
                    .append(local.get("version").asText())
                    .append(", owner ")
                    .append(local.get("owner").asText())
                    .append(", binding ")
                    .append(orDash(local.get("binding")))
                    .append(", age ")
                    .append(millis(local.get("age_ms")))
                    .append(", transportless ")
                    .append(millis(local.get("transportless_ms")))
                    .append('\n');
        }
        var store = body.get("store");
        if (store == null || store.isNull()) {
            var error = body.get("store_error");
            text.append("  store: ")
                    .append(error == null || error.isNull() ? "no record" : error.asText())
                    .append('\n');
        } else {
            text.append("  store: ")
                    .append(store.get("state").asText())
                    .append(" v")
                    .append(store.get("version").asText())
                    .append(", owner ")
                    .append(store.get("owner").asText())
                    .append(store.get("owner_alive").asBoolean() ? " (lease alive)" : " (lease not alive)")
                    .append(", binding ")
                    .append(store.get("binding").asText())
                    .append(", age ")
                    .append(millis(store.get("age_ms")))
                    .append(", last commit ")
                    .append(store.get("last_commit").asText());
            var reason = store.get("termination_reason");
            if (reason != null && !reason.isNull()) {
                text.append(", ended ").append(reason.asText());
            }
            text.append('\n');
        }
        return text.toString();
    }

    static String terminated(AdminClient.Answer answer) {
        var body = answer.body();
        return "terminated " + body.get("id").asText() + " with "
                + body.get("code").asText() + " at v" + body.get("version").asText() + "\n";
    }

    static String drain(AdminClient.Answer answer) {
        var body = answer.body();
        var transferred = body.get("transferred");
        long moved = count(transferred, "TRANSFERRED");
        return "drained in " + seconds(body.get("took_ms")) + ": "
                + count(body.get("held").asInt(), "session")
                + " held, " + body.get("redirected").asInt() + " agents redirected, "
                + body.get("moved_by_agents").asInt() + " moved by their agents, " + moved + " transferred, "
                + body.get("left").asInt() + " left\n" + outcomes(transferred);
    }

    static String migration(AdminClient.Answer answer) {
        var body = answer.body();
        var outcomes = body.get("outcomes");
        return body.get("transferred").asLong() + " of " + count(outcomes.size(), "session") + " moved to "
                + body.get("target").asText() + "\n" + outcomes(outcomes);
    }

    static String failover(AdminClient.Answer answer) {
        var body = answer.body();
        var outcomes = body.get("outcomes");
        return body.get("node").asText() + ": " + body.get("transferred").asLong() + " of "
                + count(outcomes.size(), "session") + " taken over\n" + outcomes(outcomes);
    }

    static String nodes(AdminClient.Answer answer) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("NODE", "EPOCH", "ALIVE", "LEASE LEFT", "ENDPOINTS", ""));
        for (var node : answer.body().get("nodes")) {
            var endpoints = new ArrayList<String>();
            node.get("endpoints").forEach(e -> endpoints.add(e.asText()));
            rows.add(List.of(
                    node.get("node").asText(),
                    node.get("epoch").asText(),
                    node.get("alive").asBoolean() ? "yes" : "no",
                    node.get("alive").asBoolean() ? millis(node.get("lease_left_ms")) : "-",
                    endpoints.isEmpty() ? "(not in the membership list)" : String.join(" ", endpoints),
                    node.get("self").asBoolean() ? "(this node)" : ""));
        }
        return table(rows);
    }

    static String members(AdminClient.Answer answer) {
        var body = answer.body();
        var text = new StringBuilder("routing " + body.get("routing").asText() + ", this node "
                + body.get("self").asText() + "\n");
        body.get("members")
                .forEach(member -> text.append("  ").append(member.asText()).append('\n'));
        return text.toString();
    }

    static String membersSet(AdminClient.Answer answer) {
        var body = answer.body();
        var outcomes = body.get("outcomes");
        var text = new StringBuilder(count(body.get("members").size(), "member") + " now; "
                + body.get("moved").asLong() + " of " + count(outcomes.size(), "session")
                + " handed to their new owner\n");
        return text.append(outcomes(outcomes)).toString();
    }

    private static String outcomes(JsonNode outcomes) {
        var text = new StringBuilder();
        for (var outcome : outcomes) {
            text.append("  ").append(outcome.get("id").asText()).append(": ");
            if (outcome.get("result").asText().equals("TRANSFERRED")) {
                text.append("to ")
                        .append(outcome.get("to").asText())
                        .append(" at v")
                        .append(outcome.get("version").asText());
            } else {
                text.append("not moved: ").append(outcome.get("reason").asText());
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static long count(JsonNode outcomes, String result) {
        long count = 0;
        for (var outcome : outcomes) {
            if (outcome.get("result").asText().equals(result)) {
                count++;
            }
        }
        return count;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String orDash(JsonNode value) {
        return value == null || value.isNull() ? "-" : value.asText();
    }

    private static String millis(JsonNode value) {
        if (value == null || value.isNull()) {
            return "-";
        }
        long ms = value.asLong();
        return ms < 1_000 ? ms + "ms" : seconds(value);
    }

    private static String seconds(JsonNode millis) {
        return String.format(Locale.ROOT, "%.1fs", millis.asLong() / 1000.0);
    }

    /** Rows as left-aligned columns separated by two spaces. */
    static String table(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        var widths = new int[columns];
        for (var row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var text = new StringBuilder();
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row.get(i));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
