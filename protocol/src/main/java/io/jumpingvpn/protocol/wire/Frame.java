package io.jumpingvpn.protocol.wire;

/** One frame: the unit of one UDP datagram, or of one length-prefixed record on TCP. */
public sealed interface Frame
        permits HandshakeInit,
                CookieChallenge,
                HandshakeAck,
                HandshakeReject,
                ReattachRequest,
                ReattachAck,
                ReattachReject,
                Redirect,
                SealedFrame {

    MessageType type();
}
