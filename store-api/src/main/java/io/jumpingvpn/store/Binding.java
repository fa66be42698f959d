package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * The transport a session is bound to, as the owner saw it: the transport kind ({@code udp}, {@code tcp},
 * {@code quic}) and the agent's address as seen by the node, {@code host:port}. The store keeps it for operators and
 * for the checker; it never routes by it.
 */
public record Binding(String transport, String peer) {

    private static final int MAX_TRANSPORT = 16;
    private static final int MAX_PEER = 255;

    public Binding {
        requireNonNull(transport, "transport");
        requireNonNull(peer, "peer");
        if (!isTransport(transport)) {
            throw new IllegalArgumentException("binding transport must be a short lower-case word, got '"
                    + Identifiers.printable(transport) + "'");
        }
        if (!isPeer(peer)) {
            throw new IllegalArgumentException(
                    "binding peer must be 1 to 255 printable characters without spaces, got '"
                            + Identifiers.printable(peer) + "'");
        }
    }

    /** {@code [a-z][a-z0-9]{0,15}} */
    private static boolean isTransport(String transport) {
        int length = transport.length();
        if (length < 1 || length > MAX_TRANSPORT) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = transport.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /** 1 to 255 printable ASCII characters without spaces, {@code [\x21-\x7e]{1,255}}. */
    private static boolean isPeer(String peer) {
        int length = peer.length();
        if (length < 1 || length > MAX_PEER) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = peer.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Parses the {@link #toString()} form, {@code transport://peer}. */
    public static Binding parse(String text) {
        requireNonNull(text, "text");
        int sep = text.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException(
                    "binding must look like transport://host:port, got '" + Identifiers.printable(text) + "'");
        }
        return new Binding(text.substring(0, sep), text.substring(sep + 3));
    }

    @Override
    public String toString() {
        return transport + "://" + peer;
    }
}
