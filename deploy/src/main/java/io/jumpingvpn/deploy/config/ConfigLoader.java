package io.jumpingvpn.deploy.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds the one typed {@link GatewayFile} of a node from, by precedence: flags, then environment variables
 * ({@code JVPN_...}), then the YAML file, then the defaults. The file is read strictly (an unknown key, a wrong type or
 * an out-of-range value is an error; no coercion of text to numbers); flags and variables are text, read according to
 * the key's kind. Every problem stops the start with one line naming where the value came from ({@code FILE:LINE} for
 * the file, the flag or the variable otherwise), the full key, and what is allowed. Loading connects to nothing.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = mapper();

    private ConfigLoader() {}

    private static ObjectMapper mapper() {
        var module = new SimpleModule("jvpn-config").addDeserializer(Duration.class, new Durations.Deserializer());
        return YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(module)
                .build();
    }

    /**
     * @param file the YAML file, if any
     * @param environment the process environment (only {@code JVPN_*} names of known keys are read)
     * @param flags values given on the command line by key path (a list and a map key may have several)
     */
    public static GatewayFile load(
            Optional<Path> file, Map<String, String> environment, Map<String, List<String>> flags) {
        requireNonNull(file, "file");
        requireNonNull(environment, "environment");
        requireNonNull(flags, "flags");
        ObjectNode tree = file.map(ConfigLoader::readFile).orElseGet(JsonNodeFactory.instance::objectNode);
        var sources = new HashMap<String, String>();
        for (var key : ConfigKeys.all()) {
            var variable = environment.get(key.environmentVariable());
            if (variable != null) {
                var source = "environment " + key.environmentVariable();
                set(tree, key, textValues(key, variable), source);
                sources.put(key.path(), source);
            }
        }
        for (var entry : flags.entrySet()) {
            var key = ConfigKeys.find(entry.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("no configuration key " + entry.getKey()));
            if (entry.getValue().isEmpty()) {
                continue;
            }
            var source = "flag " + key.flag();
            set(tree, key, entry.getValue(), source);
            sources.put(key.path(), source);
        }
        try {
            return YAML.treeToValue(tree, GatewayFile.class);
        } catch (JsonProcessingException e) {
            var problem = Problem.of(e);
            var where = sources.getOrDefault(
                    problem.path(), file.map(f -> f.toString()).orElse("defaults"));
            throw new UserError("config " + where + ": " + problem.text(), e);
        }
    }

    /** Reads and checks the file alone, so that its problems are reported at their line. */
    private static ObjectNode readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("config " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("config " + file + ": cannot read it: " + e.getMessage());
        }
        try {
            YAML.readValue(text.isBlank() ? "{}" : text, GatewayFile.class);
            JsonNode tree = text.isBlank() ? JsonNodeFactory.instance.objectNode() : YAML.readTree(text);
            if (!(tree instanceof ObjectNode object)) {
                throw new UserError(
                        "config " + file + ": the top level must be a mapping of keys (node_id: gw-1, ...)");
            }
            return object;
        } catch (JsonProcessingException e) {
            var problem = Problem.of(e);
            throw new UserError("config " + file + at(e, text) + ": " + problem.text(), e);
        }
    }

    /**
     * The line of the problem. Jackson reports an unknown key after it skipped the key's value, so that key is looked
     * up in the text instead when it appears on exactly one line.
     */
    private static String at(JsonProcessingException e, String text) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            var lines = text.lines().toList();
            int found = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith(unknown.getPropertyName() + ":")) {
                    if (found >= 0) {
                        return at(e.getLocation());
                    }
                    found = i;
                }
            }
            if (found >= 0) {
                return ":" + (found + 1);
            }
        }
        return at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return ":" + location.getLineNr();
    }

    /** The text of a flag or variable as the values of {@code key}: a list or map splits at commas. */
    private static List<String> textValues(ConfigKeys.Key key, String text) {
        if (key.kind() == ConfigKeys.Kind.LIST || key.kind() == ConfigKeys.Kind.MAP) {
            var parts = new ArrayList<String>();
            for (var part : text.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.strip());
                }
            }
            return parts;
        }
        return List.of(text);
    }

    /** Puts the values at the key's place in the tree, as JSON of the key's kind; bad text is one line naming it. */
    private static void set(ObjectNode tree, ConfigKeys.Key key, List<String> values, String source) {
        var parts = key.path().split("\\.");
        var node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            var child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        var name = parts[parts.length - 1];
        var last = values.getLast().strip();
        switch (key.kind()) {
            case TEXT -> node.put(name, last);
            case DURATION -> {
                try {
                    DurationConverter.parse(last);
                } catch (RuntimeException e) {
                    throw bad(source, key, "'" + last + "' is not a duration such as 250ms, 2s or 1m");
                }
                node.put(name, last);
            }
            case WHOLE_NUMBER -> {
                try {
                    node.put(name, Long.parseLong(last));
                } catch (NumberFormatException e) {
                    throw bad(source, key, "'" + last + "' is not a whole number");
                }
            }
            case BOOLEAN -> {
                if (!last.equals("true") && !last.equals("false")) {
                    throw bad(source, key, "'" + last + "' is not true or false");
                }
                node.put(name, Boolean.parseBoolean(last));
            }
            case LIST -> {
                var array = node.putArray(name);
                values.forEach(value -> {
                    for (var part : value.split(",")) {
                        if (!part.isBlank()) {
                            array.add(part.strip());
                        }
                    }
                });
            }
            case MAP -> {
                var map = node.get(name) instanceof ObjectNode existing ? existing : node.putObject(name);
                for (var entry : values) {
                    int eq = entry.indexOf('=');
                    if (eq <= 0) {
                        throw bad(source, key, "'" + entry + "' is not KEY=VALUE");
                    }
                    map.put(
                            entry.substring(0, eq).strip(),
                            entry.substring(eq + 1).strip());
                }
            }
        }
    }

    private static UserError bad(String source, ConfigKeys.Key key, String problem) {
        return new UserError("config " + source + ": key '" + key.path() + "': " + problem);
    }

    /** A Jackson failure as the full key and one line. */
    record Problem(String path, String text) {

        static Problem of(JsonProcessingException e) {
            if (e instanceof UnrecognizedPropertyException unknown) {
                var path = pathOf(unknown);
                var known = new TreeSet<String>();
                if (unknown.getKnownPropertyIds() != null) {
                    unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
                }
                return new Problem(path, "unknown key '" + path + "'; the keys here are " + String.join(", ", known));
            }
            if (e instanceof ValueInstantiationException instantiation
                    && rootCause(instantiation) instanceof ConfigProblem problem) {
                var path = join(pathOf(instantiation), problem.key());
                return new Problem(path, "key '" + path + "': " + problem.problem());
            }
            if (e instanceof MismatchedInputException mismatch) {
                var path = pathOf(mismatch);
                return new Problem(
                        path, "key '" + (path.isEmpty() ? "(top level)" : path) + "': expected " + expected(mismatch));
            }
            var message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
            return new Problem(
                    "", "not valid YAML: " + message.lines().findFirst().orElse(message));
        }

        private static Throwable rootCause(Throwable e) {
            var cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause;
        }

        private static String expected(MismatchedInputException e) {
            var type = e.getTargetType();
            var what = type == null
                    ? "another kind of value"
                    : type == Integer.class || type == int.class || type == Long.class || type == long.class
                            ? "a whole number"
                            : type == Boolean.class || type == boolean.class
                                    ? "true or false"
                                    : type == Duration.class
                                            ? "a duration such as 250ms, 2s or 1m"
                                            : type == String.class
                                                    ? "text"
                                                    : List.class.isAssignableFrom(type)
                                                            ? "a list"
                                                            : "a mapping of keys";
            return what;
        }

        private static String pathOf(JsonMappingException e) {
            var parts = new ArrayList<String>();
            for (var reference : e.getPath()) {
                if (reference.getFieldName() != null) {
                    parts.add(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    parts.add("[" + reference.getIndex() + "]");
                }
            }
            return String.join(".", parts).replace(".[", "[");
        }

        private static String join(String prefix, String name) {
            return prefix.isEmpty() ? name : prefix + "." + name;
        }
    }
}
