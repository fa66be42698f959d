package io.jumpingvpn.store.memory;

import static io.jumpingvpn.store.StoreRejectCode.INVALID_STATE;
import static io.jumpingvpn.store.StoreRejectCode.LEASE_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.NOT_COMMITTED;
import static io.jumpingvpn.store.StoreRejectCode.OWNERSHIP_CONFLICT;
import static io.jumpingvpn.store.StoreRejectCode.REPLAY_DETECTED;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_EXISTS;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_EXPIRED;
import static io.jumpingvpn.store.StoreRejectCode.SESSION_NOT_FOUND;
import static io.jumpingvpn.store.StoreRejectCode.STALE_VERSION;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.ImportSession;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.util.List;
import java.util.Optional;

/**
 * The contract of {@link io.jumpingvpn.store.SessionStore} as pure functions: given the stored record (empty when there
 * is none), the request, the store time and the node leases, decide what to write and what to answer. Each function
 * applies the checks in exactly the order the contract lists them, so the first failing check names the refusal.
 */
final class SessionRules {

    private SessionRules() {}

    static Decision create(Optional<SessionRecord> stored, CreateSession request, long nowMs, LeaseView leases) {
        if (!leases.alive(request.owner())) {
            return Decision.answer(StoreResult.rejected(LEASE_EXPIRED, noLease(request.owner(), request.id())));
        }
        if (stored.isPresent()) {
            var record = stored.get();
            var outcome = record.outcomeOf(request.request());
            if (outcome.isPresent() && committedBy(outcome.get(), request.owner())) {
                return Decision.answer(new StoreResult.Committed<>(record, true));
            }
            return reject(record, SESSION_EXISTS, "session " + request.id() + " already exists");
        }
        var created = new SessionRecord(
                request.id(),
                request.agentKey(),
                SessionState.ATTACHED,
                1,
                request.owner(),
                request.binding(),
                0,
                0,
                CommitKind.CREATE,
                List.of(new RequestOutcome(request.request(), request.owner(), 1, RequestOutcome.Kind.COMMITTED)),
                nowMs,
                nowMs,
                Times.plus(nowMs, Times.millis(request.maxLifetime())),
                request.policyRef(),
                Optional.empty(),
                Optional.empty(),
                0);
        return Decision.commit(created);
    }

    static Decision reattach(Optional<SessionRecord> stored, ReattachCommit request, long nowMs, LeaseView leases) {
        if (stored.isEmpty()) {
            return notFound(request.id());
        }
        var record = stored.get();
        var refusal = leaseOf(record, request.node(), leases)
                .or(() -> seenBefore(record, request.request(), request.node()))
                .or(() -> notTerminated(record))
                .or(() -> notExpired(record, nowMs))
                .or(() -> sameVersion(record, request.expectedVersion()))
                .or(() -> freshNonce(record, request.nonce()));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        // A reattach records the transitions the agent has proven: X -> RECOVERING -> ATTACHED, or only the last one
        // when RECOVERING was already committed.
        long steps = record.state() == SessionState.RECOVERING ? 1 : 2;
        var displaced = displaced(record, request.node(), record.version() + steps, CommitKind.REATTACH, nowMs, leases);
        return Decision.commit(RecordChanges.committed(
                record,
                CommitKind.REATTACH,
                steps,
                SessionState.ATTACHED,
                request.node(),
                request.binding(),
                request.nonce(),
                request.request(),
                request.node(),
                nowMs,
                Optional.empty(),
                displaced.previousOwner(),
                displaced.untilMs()));
    }

    static Decision transition(Optional<SessionRecord> stored, TransitionCommit request, long nowMs, LeaseView leases) {
        if (stored.isEmpty()) {
            return notFound(request.id());
        }
        var record = stored.get();
        var refusal = leaseOf(record, request.node(), leases)
                .or(() -> seenBefore(record, request.request(), request.node()))
                .or(() -> notTerminated(record))
                .or(() -> notExpired(record, nowMs))
                .or(() -> ownedBy(record, request.node()))
                .or(() -> sameVersion(record, request.expectedVersion()))
                .or(() -> inState(record, request.from()));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        var pending = PendingHandover.pending(record, nowMs);
        return Decision.commit(RecordChanges.committed(
                record,
                CommitKind.TRANSITION,
                1,
                request.to(),
                record.owner(),
                record.binding(),
                record.lastNonce(),
                request.request(),
                request.node(),
                nowMs,
                Optional.empty(),
                pending.previousOwner(),
                pending.untilMs()));
    }

    static Decision terminate(Optional<SessionRecord> stored, TerminateCommit request, long nowMs, LeaseView leases) {
        if (stored.isEmpty()) {
            return notFound(request.id());
        }
        var record = stored.get();
        var refusal = leaseOf(record, request.node(), leases)
                .or(() -> seenBefore(record, request.request(), request.node()))
                .or(() -> notTerminated(record))
                .or(() -> request.authority() == TerminateCommit.Authority.OWNER
                        ? ownedBy(record, request.node())
                        : Optional.empty())
                .or(() -> sameVersion(record, request.expectedVersion()));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        long version = record.version() + request.transitions();
        if (!record.owner().equals(request.node())) {
            // The owner is not told by its own commit: another node terminating the session displaces it.
            leases.handOver(new Handover(record.id(), version, record.owner(), Optional.empty(), CommitKind.TERMINATE));
        }
        return Decision.commit(RecordChanges.committed(
                record,
                CommitKind.TERMINATE,
                request.transitions(),
                SessionState.TERMINATED,
                record.owner(),
                record.binding(),
                record.lastNonce(),
                request.request(),
                request.node(),
                nowMs,
                Optional.of(request.reason()),
                Optional.empty(),
                0));
    }

    static Decision transfer(Optional<SessionRecord> stored, TransferCommit request, long nowMs, LeaseView leases) {
        if (stored.isEmpty()) {
            return notFound(request.id());
        }
        var record = stored.get();
        var refusal = leaseOf(record, request.committer(), leases)
                .or(() -> seenBefore(record, request.request(), request.committer()))
                .or(() -> newOwnerLease(record, request.newOwner(), leases))
                .or(() -> notTerminated(record))
                .or(() -> notExpired(record, nowMs))
                .or(() -> mayTakeOver(record, request.committer(), leases))
                .or(() -> sameVersion(record, request.expectedVersion()))
                .or(() -> request.newOwner().equals(record.owner())
                        ? refuse(
                                record,
                                INVALID_STATE,
                                "session " + record.id() + " is already owned by " + record.owner())
                        : Optional.empty());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        var displaced = displaced(record, request.newOwner(), record.version() + 1, CommitKind.TRANSFER, nowMs, leases);
        if (request.committer().equals(record.owner())) {
            // A migration or drain: the owner froze the session before committing, so it is its own release.
            displaced = displaced.withoutWaitingFor(record.owner());
        }
        return Decision.commit(RecordChanges.committed(
                record,
                CommitKind.TRANSFER,
                1,
                record.state(),
                request.newOwner(),
                record.binding(),
                record.lastNonce(),
                request.request(),
                request.committer(),
                nowMs,
                Optional.empty(),
                displaced.previousOwner(),
                displaced.untilMs()));
    }

    static Decision importSession(Optional<SessionRecord> stored, ImportSession request, long nowMs, LeaseView leases) {
        if (!leases.alive(request.owner())) {
            return Decision.answer(StoreResult.rejected(LEASE_EXPIRED, noLease(request.owner(), request.id())));
        }
        if (stored.isPresent()) {
            var record = stored.get();
            var outcome = record.outcomeOf(request.request());
            if (outcome.isPresent() && committedBy(outcome.get(), request.owner())) {
                return Decision.answer(new StoreResult.Committed<>(record, true));
            }
            var refusal = notTerminated(record)
                    .or(() -> record.version() > request.version()
                            ? refuse(
                                    record,
                                    STALE_VERSION,
                                    "session " + record.id() + " is stored here at version " + record.version()
                                            + ", above the imported " + request.version())
                            : Optional.empty());
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        long createdAtMs = Math.max(0, nowMs - Times.millis(request.age()));
        var imported = new SessionRecord(
                request.id(),
                request.agentKey(),
                request.state(),
                request.version(),
                request.owner(),
                request.binding(),
                request.lastNonce(),
                request.baseVersion(),
                CommitKind.TRANSFER,
                List.of(new RequestOutcome(
                        request.request(), request.owner(), request.version(), RequestOutcome.Kind.COMMITTED)),
                createdAtMs,
                nowMs,
                Times.plus(nowMs, Times.millis(request.remainingLifetime())),
                request.policyRef(),
                Optional.empty(),
                Optional.of(request.exportedBy()),
                0);
        return Decision.commit(imported);
    }

    static Decision evict(
            Optional<SessionRecord> stored, SessionId id, long expectedVersion, NodeRef owner, LeaseView leases) {
        if (stored.isEmpty()) {
            return notFound(id);
        }
        var record = stored.get();
        var refusal = leaseOf(record, owner, leases)
                .or(() -> ownedBy(record, owner))
                .or(() -> expectedVersion == record.version()
                        ? Optional.empty()
                        : refuse(
                                record,
                                STALE_VERSION,
                                "expected version " + expectedVersion + " of session " + id
                                        + " but the stored version is " + record.version()));
        return refusal.orElseGet(() -> Decision.remove(record));
    }

    static Decision reconcile(Optional<SessionRecord> stored, SessionId id, RequestId request, NodeRef node) {
        if (stored.isEmpty()) {
            return notFound(id);
        }
        var record = stored.get();
        var seen = record.outcomeOf(request);
        if (seen.isPresent()) {
            var outcome = seen.get();
            if (committedBy(outcome, node)) {
                return Decision.answer(new StoreResult.Committed<>(record, true));
            }
            return reject(record, NOT_COMMITTED, describe(outcome) + "; it did not commit for " + node);
        }
        // Fencing writes the request id without a new version: a copy of the request still in flight anywhere then
        // meets NOT_COMMITTED instead of committing after the caller has already told its client it failed.
        var fenced = new RequestOutcome(request, node, record.version(), RequestOutcome.Kind.FENCED);
        var updated = RecordChanges.withOutcome(record, fenced);
        return Decision.store(
                updated,
                StoreResult.rejected(
                        NOT_COMMITTED,
                        "request " + request + " from " + node + " did not commit on session " + id
                                + "; it is fenced at version " + record.version() + " and can never commit",
                        record.version()));
    }

    /**
     * When the owner changes, queues a hand-over for the previous owner (its notice, if its lease is alive) and returns
     * what the new owner must wait for: the end of that lease, named by that owner; or, when an earlier hand-over is
     * still running (the previous owner took the session and may still have been waiting itself), the later of both
     * ends, named by nobody, since one node's release cannot vouch for another. Without the carried deadline, a
     * take-over during a hold would let the new owner forward while the node before the previous one still might.
     */
    private static PendingHandover displaced(
            SessionRecord record, NodeRef newOwner, long version, CommitKind kind, long nowMs, LeaseView leases) {
        var pending = PendingHandover.pending(record, nowMs);
        if (record.owner().equals(newOwner)) {
            return pending;
        }
        long until = leases.handOver(new Handover(record.id(), version, record.owner(), Optional.of(newOwner), kind));
        if (pending.untilMs() == 0) {
            return new PendingHandover(Optional.of(record.owner()), until);
        }
        return new PendingHandover(Optional.empty(), Math.max(until, pending.untilMs()));
    }

    private static Optional<Decision> leaseOf(SessionRecord record, NodeRef node, LeaseView leases) {
        if (leases.alive(node)) {
            return Optional.empty();
        }
        return refuse(record, LEASE_EXPIRED, noLease(node, record.id()));
    }

    private static Optional<Decision> newOwnerLease(SessionRecord record, NodeRef newOwner, LeaseView leases) {
        if (leases.alive(newOwner)) {
            return Optional.empty();
        }
        return refuse(
                record,
                LEASE_EXPIRED,
                "new owner " + newOwner + " holds no live lease at epoch " + newOwner.epoch()
                        + " (lapsed, released or superseded) and cannot own session " + record.id());
    }

    private static Optional<Decision> seenBefore(SessionRecord record, RequestId request, NodeRef node) {
        var seen = record.outcomeOf(request);
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        var outcome = seen.get();
        if (committedBy(outcome, node)) {
            return Optional.of(Decision.answer(new StoreResult.Committed<>(record, true)));
        }
        if (outcome.kind() == RequestOutcome.Kind.FENCED) {
            return refuse(record, NOT_COMMITTED, describe(outcome) + "; it can never commit");
        }
        return refuse(record, REPLAY_DETECTED, describe(outcome) + "; " + node + " cannot replay it");
    }

    private static Optional<Decision> notTerminated(SessionRecord record) {
        if (!record.state().isFinal()) {
            return Optional.empty();
        }
        return refuse(
                record,
                INVALID_STATE,
                "session " + record.id() + " is TERMINATED ("
                        + record.terminationReason().orElse("?") + ")");
    }

    private static Optional<Decision> notExpired(SessionRecord record, long nowMs) {
        if (!record.isExpiredAt(nowMs)) {
            return Optional.empty();
        }
        return refuse(
                record,
                SESSION_EXPIRED,
                "session " + record.id() + " expired at store time " + record.expiresAtMs() + " ms (now " + nowMs
                        + " ms)");
    }

    private static Optional<Decision> ownedBy(SessionRecord record, NodeRef node) {
        if (record.owner().equals(node)) {
            return Optional.empty();
        }
        return refuse(
                record,
                OWNERSHIP_CONFLICT,
                "session " + record.id() + " is owned by " + record.owner() + ", not by " + node);
    }

    private static Optional<Decision> mayTakeOver(SessionRecord record, NodeRef committer, LeaseView leases) {
        if (record.owner().equals(committer) || !leases.alive(record.owner())) {
            return Optional.empty();
        }
        return refuse(
                record,
                OWNERSHIP_CONFLICT,
                "session " + record.id() + " is owned by " + record.owner() + " whose lease is alive; " + committer
                        + " cannot take it over");
    }

    /**
     * Compare on version, never last-write-wins. A request that started from the version the last commit started from
     * raced that commit and lost; any other mismatch, older or ahead, is stale.
     */
    private static Optional<Decision> sameVersion(SessionRecord record, long expected) {
        if (expected == record.version()) {
            return Optional.empty();
        }
        if (expected < record.version() && expected == record.baseVersion()) {
            return refuse(
                    record,
                    OWNERSHIP_CONFLICT,
                    "lost the race for version " + expected + " of session " + record.id() + ": a "
                            + record.lastCommit() + " moved it to version " + record.version());
        }
        return refuse(
                record,
                STALE_VERSION,
                "expected version " + expected + " of session " + record.id() + " but the stored version is "
                        + record.version());
    }

    private static Optional<Decision> freshNonce(SessionRecord record, long nonce) {
        if (nonce > record.lastNonce()) {
            return Optional.empty();
        }
        return refuse(
                record,
                REPLAY_DETECTED,
                "nonce " + nonce + " is not above the last accepted nonce " + record.lastNonce() + " of session "
                        + record.id());
    }

    private static Optional<Decision> inState(SessionRecord record, SessionState from) {
        if (record.state() == from) {
            return Optional.empty();
        }
        return refuse(
                record,
                INVALID_STATE,
                "session " + record.id() + " is " + record.state() + ", not " + from + " as the transition expects");
    }

    private static boolean committedBy(RequestOutcome outcome, NodeRef node) {
        return outcome.kind() == RequestOutcome.Kind.COMMITTED && outcome.node().equals(node);
    }

    private static String describe(RequestOutcome outcome) {
        return outcome.kind() == RequestOutcome.Kind.FENCED
                ? "request " + outcome.request() + " was fenced by reconciliation at version " + outcome.version()
                : "request " + outcome.request() + " was committed by " + outcome.node() + " at version "
                        + outcome.version();
    }

    private static String noLease(NodeRef node, SessionId id) {
        return "node " + node + " holds no live lease at epoch " + node.epoch() + " (lapsed, released or superseded)"
                + " and cannot commit on session " + id;
    }

    private static Decision notFound(SessionId id) {
        return Decision.answer(StoreResult.rejected(SESSION_NOT_FOUND, "no session " + id + " in the store"));
    }

    private static Optional<Decision> refuse(SessionRecord record, StoreRejectCode code, String detail) {
        return Optional.of(reject(record, code, detail));
    }

    /** Every refusal that saw the record carries its current version, so the caller can tell the agent where it is. */
    private static Decision reject(SessionRecord record, StoreRejectCode code, String detail) {
        return Decision.answer(StoreResult.rejected(code, detail, record.version()));
    }
}
