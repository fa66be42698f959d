package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** Validation of the strings in a history, which is untrusted input. */
public final class Text {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_FREE_TEXT = 4096;

    private Text() {}

    /**
     * Returns {@code value} when it is 1 to 128 characters of {@code [A-Za-z0-9._-]}: the alphabet of node, agent,
     * process and session ids, op names and fault kinds (some of them become file names).
     */
    public static String token(String value, String what) {
        requireNonNull(value, what);
        if (!TOKEN.matcher(value).matches() || value.startsWith(".")) {
            throw new IllegalArgumentException(
                    what + " must be 1 to 128 characters of [A-Za-z0-9._-] not starting with '.', got '"
                            + printable(value) + "'");
        }
        return value;
    }

    /** Returns {@code value} when it is non-empty and at most 4096 characters (targets, codes, reasons, details). */
    public static String free(String value, String what) {
        requireNonNull(value, what);
        if (value.isEmpty() || value.length() > MAX_FREE_TEXT) {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_FREE_TEXT + " characters");
        }
        return value;
    }

    /** Shortens a value and replaces control characters so that it can go into a one-line message. */
    public static String printable(String value) {
        var shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        var out = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }

    static long nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
        return value;
    }
}
