package io.jumpingvpn.store;

import java.util.concurrent.CompletionStage;

/**
 * A session store that belongs to one node alone, with no table shared between nodes: what sticky routing runs on
 * (docs/cluster.md, "Sticky routing"). A session moves from one node to another by a hand-over of its public record:
 * the new owner {@link #importSession imports} it at the same version, then the old owner {@link #evict evicts} it.
 * Neither is a compare-and-swap across nodes; the nodes order the steps so that the session is never served twice (the
 * old owner stops forwarding before it exports, and only the agent's reattach at the new owner binds it there).
 */
public interface LocalSessionStore extends SessionStore {

    /**
     * Stores a session handed over by another node, owned by {@code request.owner()} at {@code request.version()},
     * unbound in the sense that no transport of this node carries it yet. Checks, in order: the owner's lease is alive
     * ({@code LEASE_EXPIRED}); a stored record that already names this very request as committed by the owner returns
     * the success again ({@code retried}); a stored TERMINATED record is {@code INVALID_STATE} (a session never comes
     * back from its end); a stored version above the imported one is {@code STALE_VERSION}. A stored record at the
     * same or a lower version (left from an earlier stay here) is replaced. The record names {@code exportedBy} as its
     * previous owner with nothing to wait for ({@code handoverUntilMs} 0): the exporting node stopped forwarding first.
     */
    CompletionStage<StoreResult<SessionRecord>> importSession(ImportSession request);

    /**
     * Removes the record of a session that moved to another node's store, so that this store no longer names
     * {@code owner} as its owner. Checks, in order: no record ({@code SESSION_NOT_FOUND}); {@code owner}'s lease is not
     * alive ({@code LEASE_EXPIRED}); the record is owned by another node or epoch ({@code OWNERSHIP_CONFLICT}); its
     * version is not {@code expectedVersion} ({@code STALE_VERSION}). Committed with the record as it was.
     */
    CompletionStage<StoreResult<SessionRecord>> evict(SessionId id, long expectedVersion, NodeRef owner);
}
