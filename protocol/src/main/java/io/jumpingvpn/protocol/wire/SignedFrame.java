package io.jumpingvpn.protocol.wire;

/**
 * A frame whose last field is an Ed25519 signature. The bytes it covers are produced by
 * {@link FrameCodec#signedPart(SignedFrame)}.
 */
public sealed interface SignedFrame
        permits HandshakeInit, HandshakeAck, HandshakeReject, ReattachRequest, ReattachAck, ReattachReject, Redirect {

    MessageType type();

    Signature signature();
}
