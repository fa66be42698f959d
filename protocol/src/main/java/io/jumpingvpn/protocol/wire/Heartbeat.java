package io.jumpingvpn.protocol.wire;

/**
 * Agent to gateway, every heartbeat interval: keeps the transport alive and measures it.
 *
 * @param sequence increases by one per heartbeat; gaps are losses
 * @param timestamp the agent's own clock reading (any unit, opaque to the gateway), echoed in the HEARTBEAT_ACK
 * @param confirmedVersion the highest state_version the agent has confirmed; this is how it confirms a STATE_UPDATE
 */
public record Heartbeat(long sequence, long timestamp, long confirmedVersion) implements TunnelMessage {

    public Heartbeat {
        WireFormat.checkNonNegative(sequence, "sequence");
        WireFormat.checkNonNegative(timestamp, "timestamp");
        WireFormat.checkVersion(confirmedVersion, "confirmedVersion");
    }

    @Override
    public MessageType type() {
        return MessageType.HEARTBEAT;
    }
}
