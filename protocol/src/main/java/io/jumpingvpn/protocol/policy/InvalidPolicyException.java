package io.jumpingvpn.protocol.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A policy value was refused. The message is one line naming the key, the value and what is allowed, meant to be shown
 * as it is when start-up stops.
 */
public final class InvalidPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidPolicyException(String key, String message) {
        super(message);
        this.key = requireNonNull(key, "key");
    }

    /** The key at fault (for a rule between keys, the key the message names first). */
    public String key() {
        return key;
    }

    /** The key at fault if it is a known one. */
    public Optional<PolicyKey> policyKey() {
        return PolicyKey.named(key);
    }
}
