package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

/** What {@link FrameCodec#decode} made of some bytes: a frame, or a counted drop. */
public sealed interface DecodeResult {

    record Decoded(Frame frame) implements DecodeResult {
        public Decoded {
            requireNonNull(frame, "frame");
        }
    }

    /** The bytes were not a valid frame. {@code detail} is for debug logs; it never echoes the bytes. */
    record Dropped(DropReason reason, String detail) implements DecodeResult {
        public Dropped {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }
}
