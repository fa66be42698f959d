package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.regex.Pattern;

/**
 * A transport as one side describes it: its kind and an endpoint, {@code host:port}. In a REATTACH_REQUEST it is the
 * candidate transport the agent reattaches over (the gateway endpoint it dialled; the gateway checks that the kind is
 * the transport the request arrived on). In a REDIRECT it is where the agent should reattach.
 */
public record Candidate(TransportKind kind, String endpoint) {

    private static final Pattern ENDPOINT = Pattern.compile("[\\x21-\\x7e]{1,255}");

    public Candidate {
        requireNonNull(kind, "kind");
        requireNonNull(endpoint, "endpoint");
        if (!ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException(
                    "endpoint must be 1 to 255 printable ASCII characters without spaces, got '"
                            + Bytes.printable(endpoint) + "'");
        }
    }

    /** Parses {@code kind://endpoint}, e.g. {@code udp://10.0.0.1:4500}. */
    public static Candidate parse(String text) {
        requireNonNull(text, "text");
        int separator = text.indexOf("://");
        if (separator < 0) {
            throw new IllegalArgumentException(
                    "transport must look like udp://host:port, got '" + Bytes.printable(text) + "'");
        }
        var scheme = text.substring(0, separator);
        for (var kind : TransportKind.values()) {
            if (kind.scheme().equals(scheme)) {
                return new Candidate(kind, text.substring(separator + 3));
            }
        }
        throw new IllegalArgumentException(
                "transport kind must be udp, tcp or quic, got '" + Bytes.printable(scheme) + "'");
    }

    /** {@code kind://endpoint}. */
    @Override
    public String toString() {
        return kind.scheme() + "://" + endpoint;
    }
}
