package io.jumpingvpn.store.memory;

import io.jumpingvpn.store.NodeRef;

/** Whether a node's lease, at exactly that node's epoch, is alive at the store time of the operation being decided. */
@FunctionalInterface
interface LeaseView {

    boolean alive(NodeRef node);
}
