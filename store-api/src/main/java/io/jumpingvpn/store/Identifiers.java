package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** Validation shared by the identifier records: identifiers end up in store keys, so their alphabet is closed. */
final class Identifiers {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Identifiers() {}

    /** Returns {@code value} when it is 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    static String token(String value, String what) {
        requireNonNull(value, what);
        if (!TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " must be 1 to 64 characters of [A-Za-z0-9._-], got '" + printable(value) + "'");
        }
        return value;
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
