package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A session handed over from another node's {@link LocalSessionStore} (sticky routing): the public material of its
 * record as that node held it, to be stored here owned by {@code owner} at the same version. Nothing secret: the agent's
 * public key, state, versions, the last accepted nonce, the binding it had, and its times as durations (each store has
 * its own clock).
 *
 * @param baseVersion the version the last commit started from, so that a loser of a race stays OWNERSHIP_CONFLICT
 * @param age how long the session has existed (its creation time here is the store's now minus this)
 * @param remainingLifetime what is left of its lifetime (its expiry here is the store's now plus this), 1 ms to
 *     {@link CreateSession#MAX_LIFETIME}
 * @param owner the importing node at its epoch, which must hold a live lease
 * @param exportedBy the node that held the session until now, recorded as the previous owner
 * @param request names this import, so that a repeated one (an answer lost on the way) is idempotent
 */
public record ImportSession(
        SessionId id,
        AgentPublicKey agentKey,
        SessionState state,
        long version,
        long baseVersion,
        long lastNonce,
        Binding binding,
        String policyRef,
        Duration age,
        Duration remainingLifetime,
        NodeRef owner,
        NodeRef exportedBy,
        RequestId request) {

    public ImportSession {
        requireNonNull(id, "id");
        requireNonNull(agentKey, "agentKey");
        requireNonNull(state, "state");
        requireNonNull(binding, "binding");
        Identifiers.token(policyRef, "policy reference");
        requireNonNull(age, "age");
        requireNonNull(remainingLifetime, "remainingLifetime");
        requireNonNull(owner, "owner");
        requireNonNull(exportedBy, "exportedBy");
        requireNonNull(request, "request");
        if (state == SessionState.BIRTH || state.isFinal()) {
            throw new IllegalArgumentException("only a live session can be imported, not one in " + state);
        }
        if (version < 1 || baseVersion < 0 || baseVersion >= version) {
            throw new IllegalArgumentException(
                    "versions must satisfy 0 <= baseVersion < version, got " + baseVersion + " and " + version);
        }
        if (lastNonce < 0) {
            throw new IllegalArgumentException("lastNonce must be >= 0, got " + lastNonce);
        }
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, got " + age);
        }
        if (remainingLifetime.compareTo(Duration.ofMillis(1)) < 0
                || remainingLifetime.compareTo(CreateSession.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("remainingLifetime must be between 1 ms and "
                    + CreateSession.MAX_LIFETIME.toDays() + " days, got " + remainingLifetime);
        }
        if (owner.node().equals(exportedBy.node())) {
            throw new IllegalArgumentException("a session is imported from another node, not from " + owner.node());
        }
    }
}
