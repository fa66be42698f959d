package io.jumpingvpn.protocol.wire;

/** Why {@link FrameCodec} dropped a frame. Callers count drops by reason. */
public enum DropReason {
    /** The frame ends before a field it must contain (including an empty frame). */
    TRUNCATED,
    /** The frame is longer than {@link WireFormat#MAX_FRAME_SIZE}. */
    OVERSIZED,
    /** The first byte is not {@link WireFormat#MAGIC}: not our protocol. */
    BAD_MAGIC,
    /** A protocol version this code does not speak. */
    BAD_VERSION,
    /** A type byte that names no frame type. */
    UNKNOWN_TYPE,
    /** A length field outside its allowed range. */
    BAD_LENGTH,
    /** Bytes after the last field. */
    TRAILING_BYTES,
    /** A field value that is not allowed (a bad session id character, an unknown code, a zero version, ...). */
    BAD_FIELD
}
