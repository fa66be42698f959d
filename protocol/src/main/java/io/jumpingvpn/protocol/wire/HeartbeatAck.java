package io.jumpingvpn.protocol.wire;

/**
 * Gateway to agent: answers a {@link Heartbeat}.
 *
 * @param sequence the heartbeat's sequence, echoed
 * @param timestamp the heartbeat's timestamp, echoed (the agent computes the round trip from it)
 * @param version the session's current committed state_version at the gateway
 */
public record HeartbeatAck(long sequence, long timestamp, long version) implements TunnelMessage {

    public HeartbeatAck {
        WireFormat.checkNonNegative(sequence, "sequence");
        WireFormat.checkNonNegative(timestamp, "timestamp");
        WireFormat.checkVersion(version, "version");
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT_ACK;
    }
}
