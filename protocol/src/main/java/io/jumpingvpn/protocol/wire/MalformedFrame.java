package io.jumpingvpn.protocol.wire;

/**
 * Raised inside the decoder and caught at its boundary, where it becomes a {@link DecodeResult.Dropped}. It never
 * leaves this package, and carries no stack trace: malformed input is expected, not exceptional.
 */
final class MalformedFrame extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final DropReason reason;

    MalformedFrame(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DropReason reason() {
        return reason;
    }
}
