package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;

/** The constants of the encoding. docs/protocol.md explains each. */
public final class WireFormat {

    /** First byte of every frame: {@code 'J'}. */
    public static final int MAGIC = 0x4A;

    /** Second byte of every frame: the protocol version this code speaks. */
    public static final int VERSION = 1;

    /** Magic, version, type. */
    public static final int HEADER_LENGTH = 3;

    /** No frame is longer, on UDP or TCP. */
    public static final int MAX_FRAME_SIZE = 16_384;

    /**
     * On TCP (and any stream transport) each frame is preceded by its length as an unsigned 16-bit big-endian integer,
     * not counting the prefix itself; lengths above {@link #MAX_FRAME_SIZE} are a framing error that closes the
     * connection.
     */
    public static final int TCP_LENGTH_FIELD_LENGTH = 2;

    /** The Poly1305 tag that ends every sealed body. */
    public static final int AEAD_TAG_LENGTH = 16;

    /** The most payload one DATA frame carries (the frame with the longest session id stays within the maximum). */
    public static final int MAX_DATA_PAYLOAD = MAX_FRAME_SIZE - 128;

    public static final int MAX_SESSION_ID_LENGTH = 64;

    /** Transport endpoint strings: 1 to 255 printable ASCII characters without spaces. */
    public static final int MAX_ENDPOINT_LENGTH = 255;

    private WireFormat() {}

    /**
     * Returns {@code sessionId} when it is a valid session id: 1 to 64 characters of {@code [A-Za-z0-9._-]}. Checked
     * with a character loop rather than a regular expression: every sealed frame's id goes through here.
     */
    public static String checkSessionId(String sessionId) {
        requireNonNull(sessionId, "sessionId");
        if (!isSessionId(sessionId)) {
            throw new IllegalArgumentException("session id must be 1 to 64 characters of [A-Za-z0-9._-], got '"
                    + Bytes.printable(sessionId) + "'");
        }
        return sessionId;
    }

    private static boolean isSessionId(String value) {
        int length = value.length();
        if (length < 1 || length > MAX_SESSION_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    static long checkVersion(long version, String what) {
        if (version < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + version);
        }
        return version;
    }

    static long checkNonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, got " + value);
        }
        return value;
    }
}
