package io.jumpingvpn.protocol.wire;

import java.util.Locale;
import java.util.Optional;

/** A transport protocol. {@link #scheme()} is the lower-case name used in addresses and in the store's bindings. */
public enum TransportKind {
    UDP(1),
    TCP(2),
    QUIC(3);

    private final int wire;

    TransportKind(int wire) {
        this.wire = wire;
    }

    public int wireValue() {
        return wire;
    }

    public static Optional<TransportKind> fromWire(int value) {
        for (var kind : values()) {
            if (kind.wire == value) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** {@code udp}, {@code tcp} or {@code quic}. */
    public String scheme() {
        return name().toLowerCase(Locale.ROOT);
    }
}
