package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Creates the record of a session whose handshake was accepted by {@code owner}: ATTACHED at version 1, bound to
 * {@code binding}, expiring {@code maxLifetime} after the store's current time.
 */
public record CreateSession(
        SessionId id,
        AgentPublicKey agentKey,
        NodeRef owner,
        Binding binding,
        RequestId request,
        Duration maxLifetime,
        String policyRef) {

    public CreateSession {
        requireNonNull(id, "id");
        requireNonNull(agentKey, "agentKey");
        requireNonNull(owner, "owner");
        requireNonNull(binding, "binding");
        requireNonNull(request, "request");
        requireNonNull(maxLifetime, "maxLifetime");
        Identifiers.token(policyRef, "policy reference");
        if (maxLifetime.toMillis() < 1) {
            throw new IllegalArgumentException("maxLifetime must be at least 1 ms, got " + maxLifetime);
        }
    }
}
