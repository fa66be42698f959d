package io.jumpingvpn.protocol.wire;

import java.util.Optional;

/** Why a gateway sends an agent elsewhere. */
public enum RedirectReason {
    /** The node is draining (shutting down, being replaced). */
    DRAIN(1),
    /** Sticky routing: the session belongs to another node. */
    NOT_OWNER(2);

    private final int wire;

    RedirectReason(int wire) {
        this.wire = wire;
    }

    public int wireValue() {
        return wire;
    }

    public static Optional<RedirectReason> fromWire(int value) {
        for (var reason : values()) {
            if (reason.wire == value) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
