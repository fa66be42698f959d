package io.jumpingvpn.protocol.wire;

/**
 * What a {@link SealedFrame} carries once opened: the frames of a live attachment. They travel only inside
 * ChaCha20-Poly1305 under the attachment's traffic keys (see {@code io.jumpingvpn.protocol.channel.SecureChannel}).
 */
public sealed interface TunnelMessage permits Data, Heartbeat, HeartbeatAck, StateUpdate, Terminate {

    MessageType type();
}
