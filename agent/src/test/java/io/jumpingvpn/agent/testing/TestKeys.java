package io.jumpingvpn.agent.testing;

import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import java.security.SecureRandom;

/** Fresh real Ed25519 keys for one test: a gateway cluster key and an admitted agent key. */
public record TestKeys(IdentityKeyPair gateway, IdentityKeyPair agent) {

    public static TestKeys generate() {
        var random = new SecureRandom();
        return new TestKeys(IdentityKeyPair.generate(random), IdentityKeyPair.generate(random));
    }

    /** What the agent loads: its key and the pinned gateway key. */
    public KeyDirectory.AgentKeys agentKeys() {
        return new KeyDirectory.AgentKeys(agent, gateway.publicKey());
    }

    /** What a gateway loads: the cluster key and an allowlist admitting the agent. */
    public KeyDirectory.GatewayKeys gatewayKeys() {
        return new KeyDirectory.GatewayKeys(gateway, AgentAllowlist.of(agent.publicKey()));
    }

    /** The agent's key pinned to another gateway key: every gateway signature fails for it. */
    public KeyDirectory.AgentKeys agentKeysPinning(IdentityKeyPair otherGateway) {
        return new KeyDirectory.AgentKeys(agent, otherGateway.publicKey());
    }
}
