package io.jumpingvpn.protocol.testing;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the vector files under {@code src/test/resources/vectors}: {@code [name]} blocks of {@code key = value} lines,
 * {@code #} comments. The files are written by {@code generate.py} (or transcribed from RFCs), never by Java code.
 */
public final class Vectors {

    private final Map<String, Map<String, String>> blocks;

    private Vectors(Map<String, Map<String, String>> blocks) {
        this.blocks = blocks;
    }

    public static Vectors load(String fileName) {
        var resource = "/vectors/" + fileName;
        var stream = Vectors.class.getResourceAsStream(resource);
        requireNonNull(stream, "missing test resource " + resource);
        var blocks = new LinkedHashMap<String, Map<String, String>>();
        Map<String, String> current = null;
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                var text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (text.startsWith("[") && text.endsWith("]")) {
                    current = new LinkedHashMap<>();
                    blocks.put(text.substring(1, text.length() - 1), current);
                    continue;
                }
                int equals = text.indexOf('=');
                if (current == null || equals < 0) {
                    throw new IllegalStateException(resource + ": unexpected line '" + text + "'");
                }
                current.put(
                        text.substring(0, equals).strip(),
                        text.substring(equals + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Vectors(blocks);
    }

    public Map<String, Map<String, String>> all() {
        return blocks;
    }

    public Block block(String name) {
        var fields = blocks.get(name);
        requireNonNull(fields, "no vector block [" + name + "]");
        return new Block(name, fields);
    }

    /** One {@code [name]} block. */
    public record Block(String name, Map<String, String> fields) {

        public String text(String key) {
            var value = fields.get(key);
            requireNonNull(value, "vector [" + name + "] has no " + key);
            return value;
        }

        public byte[] hex(String key) {
            return HexFormat.of().parseHex(text(key));
        }

        public long number(String key) {
            return Long.parseLong(text(key));
        }
    }
}
