package io.jumpingvpn.testkit.redis.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The small text formats of redis.conf and of INFO / CLUSTER INFO replies. */
public final class ConfigText {

    private ConfigText() {}

    /** A redis.conf argument in double quotes, so paths with spaces survive Redis' argument splitting. */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** {@code name:value} lines of INFO and CLUSTER INFO; section headers ({@code # Server}) and blanks skipped. */
    public static Map<String, String> parseInfo(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
