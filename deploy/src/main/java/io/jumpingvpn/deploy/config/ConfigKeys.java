package io.jumpingvpn.deploy.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every key of {@link GatewayFile}, found from its record components, with the flag and the environment variable that
 * override it: key {@code audit.syslog.targets} is flag {@code --audit-syslog-targets} and variable
 * {@code JVPN_AUDIT_SYSLOG_TARGETS}. One list, so that the file, the flags, the environment and the documentation cannot
 * drift apart.
 */
public final class ConfigKeys {

    /** What a key holds, which decides how its text from a flag or the environment is read. */
    public enum Kind {
        TEXT,
        WHOLE_NUMBER,
        BOOLEAN,
        DURATION,
        /** Comma-separated in a flag or variable; a flag may also be repeated. */
        LIST,
        /** {@code KEY=VALUE} entries: comma-separated in a variable, one per repeated flag. */
        MAP
    }

    /** One key. */
    public record Key(String path, Kind kind, Class<?> type, String description) {
        public Key {
            requireNonNull(path, "path");
            requireNonNull(kind, "kind");
            requireNonNull(type, "type");
            requireNonNull(description, "description");
        }

        public String flag() {
            return "--" + path.replace('.', '-').replace('_', '-');
        }

        public String environmentVariable() {
            return "JVPN_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
        }
    }

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final List<Key> ALL = collect(GatewayFile.class, "");

    private ConfigKeys() {}

    public static List<Key> all() {
        return ALL;
    }

    public static Optional<Key> find(String path) {
        return ALL.stream().filter(key -> key.path().equals(path)).findFirst();
    }

    /** The JSON name of a record component: lower snake case. */
    static String jsonName(String componentName) {
        return SNAKE.translate(componentName);
    }

    private static List<Key> collect(Class<?> type, String prefix) {
        var keys = new ArrayList<Key>();
        for (RecordComponent component : type.getRecordComponents()) {
            var path = prefix + jsonName(component.getName());
            var valueType = component.getType();
            if (valueType.isRecord()) {
                keys.addAll(collect(valueType, path + "."));
                continue;
            }
            var described = component.getAnnotation(JsonPropertyDescription.class);
            keys.add(new Key(path, kindOf(valueType), valueType, described == null ? "" : described.value()));
        }
        return List.copyOf(keys);
    }

    private static Kind kindOf(Class<?> type) {
        if (type == List.class) {
            return Kind.LIST;
        }
        if (type == java.util.Map.class) {
            return Kind.MAP;
        }
        if (type == Integer.class || type == Long.class) {
            return Kind.WHOLE_NUMBER;
        }
        if (type == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (type == java.time.Duration.class) {
            return Kind.DURATION;
        }
        if (type == String.class) {
            return Kind.TEXT;
        }
        throw new IllegalStateException("configuration key type " + type + " has no text form");
    }
}
