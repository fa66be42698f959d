package io.jumpingvpn.deploy.gateway;

import io.jumpingvpn.deploy.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one flag per configuration key to {@code jvpn gateway} ({@code --node-id}, {@code --audit-syslog-targets}, ...),
 * so that every key of gateway.yaml can be overridden on the command line, and reads back the ones given.
 */
public final class GatewayFlags implements CommandLine.IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (var key : ConfigKeys.all()) {
            if (spec.findOption(key.flag()) != null) {
                continue;
            }
            var builder = OptionSpec.builder(key.flag())
                    .paramLabel(label(key))
                    .description(
                            key.description() + " [key " + key.path() + ", env " + key.environmentVariable() + "]");
            if (key.kind() == ConfigKeys.Kind.LIST || key.kind() == ConfigKeys.Kind.MAP) {
                builder.type(List.class).auxiliaryTypes(String.class);
            } else {
                builder.type(String.class);
            }
            spec.addOption(builder.build());
        }
        return spec;
    }

    private static String label(ConfigKeys.Key key) {
        return switch (key.kind()) {
            case TEXT -> "TEXT";
            case WHOLE_NUMBER -> "N";
            case BOOLEAN -> "true|false";
            case DURATION -> "DURATION";
            case LIST -> "A[,B...]";
            case MAP -> "KEY=VALUE";
        };
    }

    /** The configuration keys given as flags, with their values as typed. */
    static Map<String, List<String>> given(CommandSpec spec) {
        var given = new LinkedHashMap<String, List<String>>();
        for (var key : ConfigKeys.all()) {
            var option = spec.findOption(key.flag());
            if (option == null) {
                continue;
            }
            Object value = option.getValue();
            if (value instanceof List<?> list && !list.isEmpty()) {
                given.put(key.path(), list.stream().map(String::valueOf).toList());
            } else if (value instanceof String text) {
                given.put(key.path(), List.of(text));
            }
        }
        return given;
    }
}
