package io.jumpingvpn.protocol.keys;

import java.io.IOException;

/**
 * A key file could not be read or written. The message is one line naming the file (and the line, for a malformed
 * file) and what is wrong; it is meant to be shown to the operator as it is.
 */
public final class KeyFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
