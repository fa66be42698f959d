package io.jumpingvpn.protocol.crypto;

import io.jumpingvpn.protocol.internal.Bytes;
import java.util.Arrays;

/**
 * The two ChaCha20-Poly1305 keys of one attachment: agent to gateway and gateway to agent. Never printed.
 * {@link #destroy()} zeroes them once the channels are built.
 */
public final class TrafficKeys {

    public static final int KEY_LENGTH = 32;

    private final byte[] agentToGateway;
    private final byte[] gatewayToAgent;

    TrafficKeys(byte[] agentToGateway, byte[] gatewayToAgent) {
        this.agentToGateway = Bytes.exact(agentToGateway, KEY_LENGTH, "agent-to-gateway key");
        this.gatewayToAgent = Bytes.exact(gatewayToAgent, KEY_LENGTH, "gateway-to-agent key");
    }

    /** The key {@code role} seals with. */
    public byte[] sendingKey(Role role) {
        return (role == Role.AGENT ? agentToGateway : gatewayToAgent).clone();
    }

    /** The key {@code role} opens with. */
    public byte[] receivingKey(Role role) {
        return (role == Role.AGENT ? gatewayToAgent : agentToGateway).clone();
    }

    public byte[] agentToGateway() {
        return agentToGateway.clone();
    }

    public byte[] gatewayToAgent() {
        return gatewayToAgent.clone();
    }

    public void destroy() {
        Arrays.fill(agentToGateway, (byte) 0);
        Arrays.fill(gatewayToAgent, (byte) 0);
    }

    @Override
    public String toString() {
        return "TrafficKeys[redacted]";
    }
}
