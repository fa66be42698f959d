package io.jumpingvpn.testkit.resp;

import java.io.IOException;

/** The peer sent bytes that are not a RESP2 reply (or one larger than this client accepts). */
public final class RespProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public RespProtocolException(String message) {
        super(message);
    }
}
