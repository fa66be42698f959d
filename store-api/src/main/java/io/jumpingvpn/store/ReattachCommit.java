package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/**
 * Commits an agent-proven reattach at {@code node}: if the stored version equals {@code expectedVersion} and
 * {@code nonce} is above the last accepted one, the session becomes ATTACHED, owned by {@code node} and bound to
 * {@code binding}. The version advances by the transitions the commit records: two (X to RECOVERING to ATTACHED), or
 * one when the stored state already is RECOVERING.
 */
public record ReattachCommit(
        SessionId id, long expectedVersion, long nonce, RequestId request, NodeRef node, Binding binding) {

    public ReattachCommit {
        requireNonNull(id, "id");
        requireNonNull(request, "request");
        requireNonNull(node, "node");
        requireNonNull(binding, "binding");
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expectedVersion must be >= 1, got " + expectedVersion);
        }
        if (nonce < 1) {
            throw new IllegalArgumentException("nonce must be >= 1, got " + nonce);
        }
    }
}
