package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The transport a session is bound to, as the owner saw it: the transport kind ({@code udp}, {@code tcp},
 * {@code quic}) and the agent's address as seen by the node, {@code host:port}. The store keeps it for operators and
 * for the checker; it never routes by it.
 */
public record Binding(String transport, String peer) {

    private static final Pattern TRANSPORT = Pattern.compile("[a-z][a-z0-9]{0,15}");
    private static final Pattern PEER = Pattern.compile("[\\x21-\\x7e]{1,255}");

    public Binding {
        requireNonNull(transport, "transport");
        requireNonNull(peer, "peer");
        if (!TRANSPORT.matcher(transport).matches()) {
            throw new IllegalArgumentException("binding transport must be a short lower-case word, got '"
                    + Identifiers.printable(transport) + "'");
        }
        if (!PEER.matcher(peer).matches()) {
            throw new IllegalArgumentException(
                    "binding peer must be 1 to 255 printable characters without spaces, got '"
                            + Identifiers.printable(peer) + "'");
        }
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
