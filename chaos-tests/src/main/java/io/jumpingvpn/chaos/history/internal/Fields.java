package io.jumpingvpn.chaos.history.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jumpingvpn.chaos.history.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Typed access to the fields of one JSON object of the history. A JSON {@code null} counts as absent; unknown fields are
 * never looked at. Every refusal is an {@link IllegalArgumentException} whose message names the field.
 */
final class Fields {

    private final ObjectNode object;

    private Fields(ObjectNode object) {
        this.object = object;
    }

    static Fields of(JsonNode node) {
        requireNonNull(node, "node");
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("expected a JSON object, got " + describe(node));
        }
        return new Fields(object);
    }

    long requiredLong(String name) {
        return optionalLong(name).orElseThrow(() -> missing(name));
    }

    OptionalLong optionalLong(String name) {
        var value = value(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        var node = value.get();
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("field " + name + " must be an integer, got " + describe(node));
        }
        return OptionalLong.of(node.longValue());
    }

    int requiredInt(String name) {
        long value = requiredLong(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field " + name + " is out of range: " + value);
        }
        return (int) value;
    }

    String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    Optional<String> optionalString(String name) {
        var value = value(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        var node = value.get();
        if (!node.isTextual()) {
            throw new IllegalArgumentException("field " + name + " must be a string, got " + describe(node));
        }
        return Optional.of(node.textValue());
    }

    /** A string, or an integer taken as its decimal text (ids the runner may write either way). */
    String requiredId(String name) {
        var node = value(name).orElseThrow(() -> missing(name));
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        throw new IllegalArgumentException("field " + name + " must be a string or an integer, got " + describe(node));
    }

    List<String> requiredStringList(String name) {
        var node = value(name).orElseThrow(() -> missing(name));
        if (!node.isArray()) {
            throw new IllegalArgumentException("field " + name + " must be an array of strings, got " + describe(node));
        }
        var out = new ArrayList<String>(node.size());
        for (var element : node) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException(
                        "field " + name + " must be an array of strings, got an element " + describe(element));
            }
            out.add(element.textValue());
        }
        return out;
    }

    private Optional<JsonNode> value(String name) {
        var node = object.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private static IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("missing field " + name);
    }

    private static String describe(JsonNode node) {
        var text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + Text.printable(text);
    }
}
