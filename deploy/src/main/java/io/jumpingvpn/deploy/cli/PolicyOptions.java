package io.jumpingvpn.deploy.cli;

import io.jumpingvpn.protocol.policy.InvalidPolicyException;
import io.jumpingvpn.protocol.policy.Policy;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --policy KEY=VALUE} flags shared by the gateway and agent commands. */
public final class PolicyOptions {

    @Option(
            names = "--policy",
            paramLabel = "KEY=VALUE",
            description = "Override one policy value, e.g. --policy HEARTBEAT_INTERVAL_MS=250 (repeatable; keys and "
                    + "ranges in docs/protocol.md, section Policy).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The default policy with the overrides applied; a bad key or value is a {@link UserError} naming it. */
    public Policy policy() {
        return policy(Policy.DEFAULT);
    }

    public Policy policy(Policy base) {
        try {
            return overrides.isEmpty() ? base : base.withOverrides(overrides);
        } catch (InvalidPolicyException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
