package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

/**
 * Reads the values of a one-string script reply in order: values are separated by {@link SessionReply#SEPARATOR}. It
 * walks the string with {@code indexOf} and parses numbers in place, so a reply costs one substring per text value and
 * nothing per number.
 */
final class ReplyText {

    private final String text;
    private int at;
    private int index;

    ReplyText(String text) {
        this.text = requireNonNull(text, "text");
    }

    boolean atEnd() {
        return at > text.length();
    }

    /** The next value. */
    String next() {
        int end = end();
        var value = text.substring(at, end);
        advance(end);
        return value;
    }

    /** The next value, a decimal integer. */
    long nextLong() {
        int end = end();
        long value;
        try {
            value = Long.parseLong(text, at, end, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "reply value " + index + " '" + text.substring(at, end) + "' is not an integer", e);
        }
        advance(end);
        return value;
    }

    /** The next value, {@code 0} or {@code 1}. */
    boolean nextFlag() {
        int end = end();
        if (end != at + 1 || (text.charAt(at) != '0' && text.charAt(at) != '1')) {
            throw new IllegalArgumentException(
                    "reply value " + index + " '" + text.substring(at, end) + "' is neither 0 nor 1");
        }
        boolean value = text.charAt(at) == '1';
        advance(end);
        return value;
    }

    /** Everything after the values read so far, separators included. */
    String rest() {
        if (atEnd()) {
            throw new IllegalArgumentException("reply has " + index + " values, expected more");
        }
        var value = text.substring(at);
        at = text.length() + 1;
        index++;
        return value;
    }

    private int end() {
        if (atEnd()) {
            throw new IllegalArgumentException("reply has " + index + " values, expected more");
        }
        int end = text.indexOf(SessionReply.SEPARATOR, at);
        return end < 0 ? text.length() : end;
    }

    private void advance(int end) {
        at = end + 1;
        index++;
    }

    int valuesRead() {
        return index;
    }
}
