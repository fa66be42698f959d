package io.jumpingvpn.protocol.internal;

import java.nio.charset.StandardCharsets;

/**
 * Domain-separation labels. Every hash, signature and key derivation of the protocol starts with one of these, so that
 * a value computed for one purpose can never be taken for another. Each ends with a zero byte, and none is a prefix of
 * another. They are part of the wire contract (docs/protocol.md, "Cryptography").
 */
public final class Labels {

    /** Prefix of the message an agent signs in HANDSHAKE_INIT and REATTACH_REQUEST. */
    public static final byte[] REQUEST_SIGNATURE = label("jumping-vpn/1 request");

    /** Prefix of the message the gateway signs in every reply: the transcript hash follows. */
    public static final byte[] REPLY_SIGNATURE = label("jumping-vpn/1 reply");

    /** Prefix of the message the gateway signs in REDIRECT. */
    public static final byte[] REDIRECT_SIGNATURE = label("jumping-vpn/1 redirect");

    /** Prefix of the transcript hash input. */
    public static final byte[] TRANSCRIPT = label("jumping-vpn/1 transcript");

    /** Prefix of the request id hash input. */
    public static final byte[] REQUEST_ID = label("jumping-vpn/1 request-id");

    /** Prefix of the cookie MAC input. */
    public static final byte[] COOKIE = label("jumping-vpn/1 cookie");

    /** HKDF info of the agent-to-gateway traffic key. */
    public static final byte[] KEY_AGENT_TO_GATEWAY = label("jumping-vpn/1 key agent->gateway");

    /** HKDF info of the gateway-to-agent traffic key. */
    public static final byte[] KEY_GATEWAY_TO_AGENT = label("jumping-vpn/1 key gateway->agent");

    private Labels() {}

    private static byte[] label(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        byte[] withZero = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, withZero, 0, ascii.length);
        return withZero;
    }
}
