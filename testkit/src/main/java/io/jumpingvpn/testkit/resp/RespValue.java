package io.jumpingvpn.testkit.resp;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RESP2 reply. Errors are replies too ({@link ErrorReply}); the accessors ({@link #asText()}, {@link #asLong()},
 * {@link #asList()}) throw {@link IllegalStateException} naming the reply when it is of another type, so a test that
 * expected a string and got {@code -MOVED ...} fails with the server's own words.
 */
public sealed interface RespValue {

    /** {@code +OK}, {@code +PONG}. */
    record SimpleString(String value) implements RespValue {
        public SimpleString {
            requireNonNull(value, "value");
        }
    }

    /** {@code -ERR ...}, {@code -MOVED 3999 127.0.0.1:6381}. */
    record ErrorReply(String message) implements RespValue {
        public ErrorReply {
            requireNonNull(message, "message");
        }

        /** The first word of the message, which Redis uses as the error code ({@code ERR}, {@code MOVED}, ...). */
        public String code() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }
    }

    /** {@code :42}. */
    record IntegerReply(long value) implements RespValue {}

    /** {@code $3\r\nfoo}: binary-safe, copied in and out. */
    record BulkString(byte[] bytes) implements RespValue {
        public BulkString {
            bytes = requireNonNull(bytes, "bytes").clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BulkString that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "BulkString[" + new String(bytes, StandardCharsets.UTF_8) + "]";
        }
    }

    /** {@code $-1} or {@code *-1}: RESP2 has two spellings of "nothing", callers never need to tell them apart. */
    record NullReply() implements RespValue {}

    /** {@code *N}: elements may themselves be arrays or {@link NullReply}. */
    record ArrayReply(List<RespValue> elements) implements RespValue {
        public ArrayReply {
            elements = List.copyOf(elements);
        }
    }

    RespValue NULL = new NullReply();

    static RespValue bulk(String text) {
        return new BulkString(text.getBytes(StandardCharsets.UTF_8));
    }

    default boolean isError() {
        return this instanceof ErrorReply;
    }

    default boolean isNull() {
        return this instanceof NullReply;
    }

    /** True for {@code +OK}. */
    default boolean isOk() {
        return this instanceof SimpleString(String value) && value.equals("OK");
    }

    /** The text of a simple or bulk string (UTF-8). */
    default String asText() {
        return switch (this) {
            case SimpleString(String value) -> value;
            case BulkString bulk -> new String(bulk.bytes, StandardCharsets.UTF_8);
            default -> throw new IllegalStateException("expected a string reply, got " + this);
        };
    }

    default long asLong() {
        if (this instanceof IntegerReply(long value)) {
            return value;
        }
        throw new IllegalStateException("expected an integer reply, got " + this);
    }

    default List<RespValue> asList() {
        if (this instanceof ArrayReply(List<RespValue> elements)) {
            return elements;
        }
        throw new IllegalStateException("expected an array reply, got " + this);
    }

    /**
     * An array of alternating names and values (how SENTINEL MASTER/REPLICAS and CONFIG GET answer in RESP2) as a map
     * in reply order.
     */
    default Map<String, String> asFieldMap() {
        List<RespValue> elements = asList();
        if (elements.size() % 2 != 0) {
            throw new IllegalStateException("expected name/value pairs, got " + elements.size() + " elements: " + this);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < elements.size(); i += 2) {
            RespValue value = elements.get(i + 1);
            fields.put(elements.get(i).asText(), value.isNull() ? "" : value.asText());
        }
        return fields;
    }
}
