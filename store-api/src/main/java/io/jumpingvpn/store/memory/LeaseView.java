package io.jumpingvpn.store.memory;

import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.NodeRef;

/**
 * The node leases as the operation being decided sees them, at its store time. Called only from inside the atomic
 * section of the session being decided.
 */
interface LeaseView {

    /** Whether {@code node}'s lease, at exactly that node's epoch, is alive. */
    boolean alive(NodeRef node);

    /**
     * Queues {@code handover} for {@code handover.from()} if that node's lease at its epoch is alive, atomically with
     * respect to its renewals, and returns that lease's expiry; returns 0 and queues nothing when it is not alive.
     */
    long handOver(Handover handover);
}
