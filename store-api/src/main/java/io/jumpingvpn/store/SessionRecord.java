package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The authoritative state of one session as the store holds it. Times are milliseconds of the store's own clock.
 *
 * <p>A record exists only once its handshake was accepted, so it is never in BIRTH: {@link SessionStore#create}
 * writes it in ATTACHED at version 1 (the BIRTH to ATTACHED transition). Every later mutation increments
 * {@code version}; {@code baseVersion} is the version the last commit started from, which tells the loser of a race
 * ({@code OWNERSHIP_CONFLICT}) from a request that is merely old ({@code STALE_VERSION}).
 *
 * <p>{@code previousOwner} and {@code handoverUntilMs} describe the last commit, and every commit sets them afresh. They
 * tell a node that just took a session over when it may start forwarding without two nodes ever forwarding for the
 * session: when the previous owner acknowledged the hand-over ({@link Release}), or at store time
 * {@code handoverUntilMs}, whichever comes first. The previous owner cannot extend its lease past that time without
 * learning of the hand-over ({@link LeaseRenewal}).
 *
 * @param lastNonce highest agent nonce accepted so far; a request must carry a larger one
 * @param recentRequests the last {@value #RECENT_REQUESTS} request outcomes, oldest first
 * @param terminationReason the termination code, present exactly when the state is TERMINATED
 * @param previousOwner the owner the last commit replaced, present when the last commit (a reattach or a transfer)
 *     changed the owner, whether or not that owner's lease was still alive
 * @param handoverUntilMs the store time at which the lease of {@code previousOwner}, at its epoch, ended as the store
 *     held it at the moment of the last commit (in the lease slot of this session), when that lease was alive then; 0
 *     when there is nothing to wait for: no owner change, or the previous owner's lease had lapsed, been released or
 *     been superseded by a newer registration
 */
public record SessionRecord(
        SessionId id,
        AgentPublicKey agentKey,
        SessionState state,
        long version,
        NodeRef owner,
        Binding binding,
        long lastNonce,
        long baseVersion,
        CommitKind lastCommit,
        List<RequestOutcome> recentRequests,
        long createdAtMs,
        long updatedAtMs,
        long expiresAtMs,
        String policyRef,
        Optional<String> terminationReason,
        Optional<NodeRef> previousOwner,
        long handoverUntilMs) {

    /** How many request outcomes a record remembers. */
    public static final int RECENT_REQUESTS = 8;

    private static final int MAX_CODE = 48;

    public SessionRecord {
        requireNonNull(id, "id");
        requireNonNull(agentKey, "agentKey");
        requireNonNull(state, "state");
        requireNonNull(owner, "owner");
        requireNonNull(binding, "binding");
        requireNonNull(lastCommit, "lastCommit");
        requireNonNull(terminationReason, "terminationReason");
        requireNonNull(previousOwner, "previousOwner");
        Identifiers.token(policyRef, "policy reference");
        recentRequests = List.copyOf(requireNonNull(recentRequests, "recentRequests"));
        check(state != SessionState.BIRTH, "a stored session is never in BIRTH");
        check(version >= 1, "version must be >= 1");
        check(baseVersion >= 0 && baseVersion < version, "baseVersion must be in [0, version)");
        check(lastNonce >= 0, "lastNonce must be >= 0");
        check(recentRequests.size() <= RECENT_REQUESTS, "at most " + RECENT_REQUESTS + " recent requests");
        check(createdAtMs >= 0 && updatedAtMs >= createdAtMs, "updatedAtMs must be >= createdAtMs >= 0");
        check(expiresAtMs > createdAtMs, "expiresAtMs must be after createdAtMs");
        check(
                terminationReason.isPresent() == (state == SessionState.TERMINATED),
                "terminationReason is present exactly when the state is TERMINATED");
        if (terminationReason.isPresent()) {
            check(isCode(terminationReason.get()), "termination reason must be a code");
        }
        check(handoverUntilMs >= 0, "handoverUntilMs must be >= 0");
        check(handoverUntilMs == 0 || previousOwner.isPresent(), "handoverUntilMs > 0 needs a previous owner");
        if (previousOwner.isPresent()) {
            check(
                    lastCommit == CommitKind.REATTACH || lastCommit == CommitKind.TRANSFER,
                    "only a reattach or a transfer replaces the owner, the last commit is " + lastCommit);
            check(!previousOwner.get().equals(owner), "previousOwner must differ from the owner");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid session record: " + message);
        }
    }

    /** Whether the session lifetime has run out at store time {@code nowMs}. */
    public boolean isExpiredAt(long nowMs) {
        return nowMs >= expiresAtMs;
    }

    /** Whether the last commit replaced the owner: a reattach by another node (or epoch), or a transfer. */
    public boolean ownerChanged() {
        return previousOwner.isPresent();
    }

    /** The outcome recorded for {@code request}, if the record still remembers it. */
    public Optional<RequestOutcome> outcomeOf(RequestId request) {
        requireNonNull(request, "request");
        for (var outcome : recentRequests) {
            if (outcome.request().equals(request)) {
                return Optional.of(outcome);
            }
        }
        return Optional.empty();
    }

    /** Validates a termination code: upper-case letters, digits and underscores. */
    static String terminationCode(String code) {
        requireNonNull(code, "reason");
        check(isCode(code), "termination reason must be an upper-case code, got '" + Identifiers.printable(code) + "'");
        return code;
    }

    /** {@code [A-Z][A-Z0-9_]{0,47}} */
    private static boolean isCode(String code) {
        int length = code.length();
        if (length < 1 || length > MAX_CODE) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = code.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_')))) {
                return false;
            }
        }
        return true;
    }
}
