package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.NodeRef;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What this client has handed out of each lease slot's hand-overs, per node at its epoch, so that the next renewal can
 * acknowledge it ({@code node_renew.lua} removes only acknowledged hand-overs). Only a committed renewal is recorded:
 * after a lost reply, or a renewal that failed in some slot, the previous acknowledgement is sent again and the
 * hand-overs that renewal would have carried come with the next one.
 */
final class HandoverAcks {

    private final int slots;
    private final ConcurrentHashMap<NodeRef, AtomicReferenceArray<String>> handedOut = new ConcurrentHashMap<>();

    HandoverAcks(int slots) {
        this.slots = slots;
    }

    /** Per slot, the acknowledgement the next renewal of {@code node} sends ({@code ""} for none). */
    String[] toSend(NodeRef node) {
        var acks = handedOut.computeIfAbsent(node, ref -> new AtomicReferenceArray<>(slots));
        var sent = new String[slots];
        for (int i = 0; i < slots; i++) {
            var ack = acks.get(i);
            sent[i] = ack == null ? "" : ack;
        }
        return sent;
    }

    /** Records what a committed renewal of {@code node} handed out of slot {@code slot} (as the script returned it). */
    void handedOut(NodeRef node, int slot, String handovers) {
        var acks = handedOut.computeIfAbsent(node, ref -> new AtomicReferenceArray<>(slots));
        acks.set(slot, handovers.isEmpty() ? null : acknowledgement(handovers));
    }

    /** Forgets {@code node} (released: it never renews again). */
    void forget(NodeRef node) {
        handedOut.remove(node);
    }

    /** Forgets every epoch of {@code node} id but {@code current} (registered again: the older ones never renew). */
    void forgetOtherEpochs(NodeRef current) {
        handedOut.keySet().removeIf(ref -> ref.node().equals(current.node()) && ref.epoch() != current.epoch());
    }

    /** {@code <sid> <version>} of every entry of a slot's hand-overs, {@code ;}-separated. */
    static String acknowledgement(String handovers) {
        var ack = new StringBuilder(handovers.length() / 2);
        int start = 0;
        while (start < handovers.length()) {
            int end = handovers.indexOf(';', start);
            if (end < 0) {
                end = handovers.length();
            }
            int version = handovers.indexOf(' ', start) + 1;
            int afterVersion = handovers.indexOf(' ', version);
            if (version <= 0 || afterVersion < 0 || afterVersion > end) {
                throw new IllegalArgumentException("bad hand-over entry '" + handovers.substring(start, end) + "'");
            }
            ack.append(ack.isEmpty() ? "" : ";").append(handovers, start, afterVersion);
            start = end + 1;
        }
        return ack.toString();
    }
}
