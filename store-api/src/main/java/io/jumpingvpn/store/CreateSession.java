package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Creates the record of a session whose handshake was accepted by {@code owner}: ATTACHED at version 1, bound to
 * {@code binding}, expiring {@code maxLifetime} (1 ms to {@link #MAX_LIFETIME}) after the store's current time.
 */
public record CreateSession(
        SessionId id,
        AgentPublicKey agentKey,
        NodeRef owner,
        Binding binding,
        RequestId request,
        Duration maxLifetime,
        String policyRef) {

    /** The longest lifetime a session may be created with. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);

    private static final Duration MIN_LIFETIME = Duration.ofMillis(1);

    public CreateSession {
        requireNonNull(id, "id");
        requireNonNull(agentKey, "agentKey");
        requireNonNull(owner, "owner");
        requireNonNull(binding, "binding");
        requireNonNull(request, "request");
        requireNonNull(maxLifetime, "maxLifetime");
        Identifiers.token(policyRef, "policy reference");
        // Bounded so that every store can do exact millisecond arithmetic on it (Lua numbers are doubles).
        if (maxLifetime.compareTo(MIN_LIFETIME) < 0 || maxLifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "maxLifetime must be between 1 ms and " + MAX_LIFETIME.toDays() + " days, got " + maxLifetime);
        }
    }
}
