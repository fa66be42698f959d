package io.jumpingvpn.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The authoritative session table shared by the gateway nodes of a cluster.
 *
 * <p>Every mutation is one atomic compare-and-swap executed by the store, with time taken from the store's clock. A
 * refused request ({@link StoreResult.Rejected}) changed nothing. A request whose outcome is not known
 * ({@link StoreResult.Unknown}) must be reconciled before the session is touched again. The methods never throw for
 * store failures or refusals; the returned stage completes with a result. Only a programming error throws, at once:
 * a null argument ({@link NullPointerException}), a lease shorter than 1 ms or a list limit below 1
 * ({@link IllegalArgumentException}). Implementations are safe for use by many threads at once. The rules, in the
 * order a store checks them:
 *
 * <h2>Checks shared by reattach, transition, terminate and transfer</h2>
 *
 * <ol>
 *   <li>no record: {@code SESSION_NOT_FOUND};
 *   <li>the record fails its invariants: {@code RECORD_CORRUPT}, nothing written;
 *   <li>the committing node's lease at its epoch is not alive: {@code LEASE_EXPIRED} (a node whose lease lapsed cannot
 *       commit anything);
 *   <li>the request id is in the record's recent outcomes: committed by the same node and epoch, the success is
 *       returned again with {@code retried = true} and the record as it is now (nothing is written); committed by any
 *       other node (another node id, or the same id at another epoch), {@code REPLAY_DETECTED}; fenced by
 *       reconciliation, {@code NOT_COMMITTED};
 *   <li>the operation's own checks (below), where the version comparison is always: expected equal to stored, go on;
 *       expected below stored and equal to the version the last commit started from, {@code OWNERSHIP_CONFLICT} (it
 *       lost the race for that version); otherwise {@code STALE_VERSION}. Both carry the current version.
 * </ol>
 *
 * <p>A successful mutation increments the version (reattach by the number of transitions it records), records the
 * version it started from, the request outcome (keeping the last {@value SessionRecord#RECENT_REQUESTS}) and the store
 * time. It is never last-write-wins. Every refusal by a check that found the record carries the current version; for
 * {@code STALE_VERSION}, {@code OWNERSHIP_CONFLICT}, {@code INVALID_STATE} and {@code SESSION_EXPIRED} it must.
 *
 * <h2>Hand-overs: never two nodes forwarding for one session</h2>
 *
 * A reattach at another node, a transfer, or an operator termination by a node other than the owner takes a session
 * away from an owner that may still be forwarding for it. Every commit records in the record what it replaced
 * ({@link SessionRecord#previousOwner()}, {@link SessionRecord#handoverUntilMs()}): the new owner starts forwarding only
 * once the previous owner acknowledged ({@link Release}) or at {@code handoverUntilMs}. When the displaced owner's
 * lease at its epoch is alive at commit time, the same atomic commit queues a {@link Handover} for that node at that
 * epoch in the session's own lease slot, which its next {@link #renewNode renewal} returns and removes: a node cannot
 * extend its lease without learning that it lost the session. {@link #watch} delivers the same news sooner, best
 * effort.
 *
 * <h2>Tombstones</h2>
 *
 * A terminated record is kept for the store's tombstone retention after its termination, an expired one for the same
 * retention after its expiry, so that late requests meet {@code INVALID_STATE} or {@code SESSION_EXPIRED}. After that
 * the record is gone: {@code SESSION_NOT_FOUND}, {@link ReadResult.Absent}.
 */
public interface SessionStore extends AutoCloseable {

    /** A fresh, unguessable session id that fits this store's key layout. */
    SessionId newSessionId();

    /**
     * Creates a session in ATTACHED at version 1, owned by the creating node. Checks: the node's lease is alive
     * ({@code LEASE_EXPIRED}); no record with that id exists ({@code SESSION_EXISTS}, unless it was created by this
     * very request from this node, which returns the success again).
     */
    CompletionStage<StoreResult<SessionRecord>> create(CreateSession request);

    /**
     * Commits an agent-proven reattach. After the shared checks: TERMINATED is {@code INVALID_STATE}; past its
     * lifetime is {@code SESSION_EXPIRED}; then the version comparison; then a nonce not above the last accepted one is
     * {@code REPLAY_DETECTED}. On success the session is ATTACHED, owned by the committing node at its epoch, bound to
     * the new binding, with the nonce recorded. The owner's liveness does not matter: the agent's proof moves the
     * session. When the owner changes (another node, or the same node id at another epoch), the record names the
     * previous owner and, if its lease was alive, until when it may still forward, and a {@link Handover} is queued for
     * it; a reattach by the owner itself records no previous owner.
     */
    CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request);

    /**
     * Commits a state change the owner observed over a live transport. After the shared checks: TERMINATED is
     * {@code INVALID_STATE}; past its lifetime is {@code SESSION_EXPIRED}; a committer that is not the owner at its
     * epoch is {@code OWNERSHIP_CONFLICT}; then the version comparison; then a stored state other than {@code from} is
     * {@code INVALID_STATE}.
     */
    CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request);

    /**
     * Terminates a session. After the shared checks: already TERMINATED is {@code INVALID_STATE}; with owner authority
     * a committer that is not the owner is {@code OWNERSHIP_CONFLICT}; then the version comparison. Works on expired
     * sessions. The version advances by {@link TerminateCommit#transitions()}; owner and binding are kept (so no
     * previous owner is recorded). A termination committed by a node other than the owner queues a {@link Handover}
     * (TERMINATE, no new owner) for the owner if its lease is alive. The record is kept as a tombstone for the store's
     * retention period.
     */
    CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request);

    /**
     * Moves ownership. After the shared checks (which check the committer's lease): the new owner's lease not alive is
     * {@code LEASE_EXPIRED}; TERMINATED is {@code INVALID_STATE}; past its lifetime is {@code SESSION_EXPIRED}; a
     * committer that is not the owner while the owner's lease is alive is {@code OWNERSHIP_CONFLICT}; then the version
     * comparison; a new owner equal to the current one is {@code INVALID_STATE}. State and binding are kept; the version
     * advances by one. The record names the previous owner and, if its lease was alive (a migration or a drain by the
     * owner), until when; a {@link Handover} is then queued for it, even when it committed the transfer itself.
     */
    CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request);

    /**
     * Settles a request whose outcome was unknown. If the record shows {@code request} committed by {@code node}, the
     * result is {@code Committed(record, retried = true)}. If it shows it committed by another node, or already fenced,
     * the result is {@code NOT_COMMITTED} and nothing is written. Otherwise the request id is fenced in the record (a
     * {@code FENCED} outcome is appended; version, base version, state and owner are unchanged) so that the request can
     * never commit later, and the result is {@code NOT_COMMITTED}. No record: {@code SESSION_NOT_FOUND} (for a create
     * whose outcome was unknown this means it did not commit so far). Needs no live lease, and works on expired and
     * terminated records.
     */
    CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node);

    /**
     * Reads one record, with the store time and whether its owner's lease is alive. A record that fails its invariants
     * is {@link ReadResult.Corrupt}.
     */
    CompletionStage<ReadResult> read(SessionId id);

    /**
     * Lists up to {@code limit} records, all of them or only those owned by {@code ownedBy} (any epoch), tombstones
     * still within their retention included, in no particular order. Meant for operators and failover, not for the
     * data path: it may scan the whole table.
     */
    CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit);

    /**
     * Registers {@code node} with a fresh epoch, strictly greater than every epoch this store has issued, and a lease
     * of {@code lease} from the store's current time. A previous registration of the same node id is superseded: its
     * epoch can no longer renew or commit, and the hand-overs still queued for its earlier epochs are dropped. Creates
     * the store incarnation if the store has none.
     */
    CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease);

    /**
     * Sets a live lease to end {@code lease} after the store's current time (usually later than before; a shorter
     * {@code lease} shortens it), and hands out, atomically with it, the {@link Handover}s queued for {@code node} at
     * its epoch since its previous renewal ({@link LeaseRenewal}). The store incarnation missing or different from
     * {@code incarnation} is {@code STORE_STATE_LOST}; a superseded, released, already lapsed or unknown lease is
     * {@code LEASE_EXPIRED} (a lapsed epoch is never revived: the node registers again).
     *
     * <p>Each hand-over is handed out by exactly one committed renewal; a renewal that was refused or whose outcome is
     * unknown hands out nothing, and what it would have carried comes with the next committed one. Renewals of one
     * node are meant to follow one another, not to overlap.
     */
    CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease);

    /**
     * Ends the lease now (a lease that already lapsed stays lapsed); the returned lease is not alive. Sessions it owns
     * can then be taken over at once, and the hand-overs still queued for that epoch are dropped. {@code LEASE_EXPIRED}
     * if that epoch was superseded or the node is unknown.
     */
    CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node);

    /**
     * The latest registration of every node, alive or not (a store may forget registrations that lapsed longer than
     * its tombstone retention ago).
     */
    CompletionStage<StoreResult<List<NodeLease>>> nodes();

    /**
     * Subscribes {@code listener} to prompt ownership news for {@code self} (a node at one epoch): a
     * {@link Handover} when a commit takes a session away from it, a {@link Release} when a previous owner announces
     * it stopped forwarding for a session moved to it. Best effort: messages are lost while the store is unreachable or
     * nobody watches, and never needed for safety (see {@link OwnershipListener}). Never fails: a store that cannot
     * subscribe now keeps trying until the subscription is closed. Closing the store closes its subscriptions.
     */
    Subscription watch(NodeRef self, OwnershipListener listener);

    /**
     * Tells {@code release.to()}, best effort, that {@code release.releasedBy()} stopped forwarding for the session.
     * Committed when the store accepted the message for delivery (which does not mean anybody received it); nothing is
     * stored. {@code STORE_UNAVAILABLE} when the store cannot be reached.
     */
    CompletionStage<StoreResult<Release>> announceRelease(Release release);

    /** Releases client resources, subscriptions included. Stored data is untouched. */
    @Override
    void close();
}
