package io.jumpingvpn.protocol.internal;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Base64;

/** Small byte helpers shared by the value types. */
public final class Bytes {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Bytes() {}

    /** A copy of {@code bytes}, which must be exactly {@code length} long. */
    public static byte[] exact(byte[] bytes, int length, String what) {
        requireNonNull(bytes, what);
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        return bytes.clone();
    }

    /** Compares in time independent of where the arrays differ. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Unpadded base64url. */
    public static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    /** Shortens and escapes a user-supplied value so that it can go into an error message safely. */
    public static String printable(String value) {
        var shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        var out = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
