package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * Validation shared by the identifier records: identifiers end up in store keys, so their alphabet is closed. The
 * checks are plain character loops, not regular expressions: stores build these records for every reply they decode.
 */
final class Identifiers {

    private static final int MAX_TOKEN = 64;
    /** {@code TOKEN_CHARS[c]} for every character {@code c} of {@code [A-Za-z0-9._-]}: one load per character. */
    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHARS[c] = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
        }
    }

    private Identifiers() {}

    /** Returns {@code value} when it is 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    static String token(String value, String what) {
        requireNonNull(value, what);
        if (!isToken(value)) {
            throw new IllegalArgumentException(
                    what + " must be 1 to 64 characters of [A-Za-z0-9._-], got '" + printable(value) + "'");
        }
        return value;
    }

    private static boolean isToken(String value) {
        int length = value.length();
        if (length < 1 || length > MAX_TOKEN) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= TOKEN_CHARS.length || !TOKEN_CHARS[c]) {
                return false;
            }
        }
        return true;
    }

    /** Shortens and escapes a user-supplied value so that it can go into an error message safely. */
    static String printable(String value) {
        var shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        var out = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
