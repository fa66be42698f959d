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
 * <p>{@code previousOwner} and {@code handoverUntilMs} describe the hand-over still running after the last commit. They
 * tell a node that took a session over when it may start forwarding without two nodes ever forwarding for the session:
 * at store time {@code handoverUntilMs}, or earlier when {@code previousOwner} acknowledged the hand-over
 * ({@link Release}). The previous owner cannot extend its lease past that time without learning of the hand-over
 * ({@link LeaseRenewal}). A commit that keeps the owner (a rebinding, a transition) carries a hand-over that is still
 * running forward unchanged; a commit that changes the owner while one is running waits for the later of both ends and
 * names nobody, because a release vouches only for the node that sends it.
 *
 * @param lastNonce highest agent nonce accepted so far; a request must carry a larger one
 * @param recentRequests the last {@value #RECENT_REQUESTS} request outcomes, oldest first
 * @param terminationReason the termination code, present exactly when the state is TERMINATED
 * @param previousOwner the one node besides the owner that may still forward until {@code handoverUntilMs}, whose
 *     release ends the wait early: the owner a reattach or a transfer replaced (whether or not its lease was alive),
 *     carried forward while that hand-over runs; empty when no commit replaced the owner, when the hand-over ended
 *     before the last commit, or when several earlier owners may still forward (then only the time ends the wait)
 * @param handoverUntilMs the store time until which a node other than the owner may still forward: the end of the lease
 *     of the owner that a commit replaced, at its epoch, as the store held it at that commit (in the lease slot of this
 *     session), or the later of that and a hand-over still running then; 0 when there is nothing to wait for: no owner
 *     change, or the replaced owner's lease had lapsed, been released or been superseded by a newer registration
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
        if (previousOwner.isPresent() || handoverUntilMs > 0) {
            check(
                    lastCommit != CommitKind.CREATE && lastCommit != CommitKind.TERMINATE,
                    "no hand-over runs after a " + lastCommit);
        }
        previousOwner.ifPresent(previous -> check(!previous.equals(owner), "previousOwner must differ from the owner"));
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
