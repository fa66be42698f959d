package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What a drain ({@link Gateway#drain}) did.
 *
 * @param held sessions the node held when the drain started
 * @param redirected agents told over their live transport to reattach at a peer
 * @param movedByAgents sessions whose agents reattached at a peer within the grace period (their hand-over arrived)
 * @param transferred the sessions still here at the end of the wait, moved to a live peer by a transfer (or not)
 * @param left sessions the node still held at the end (no live peer, or the store refused); their agents reattach
 *     wherever they can once the node's lease is released
 * @param took how long the drain took
 */
public record DrainReport(
        int held, int redirected, int movedByAgents, List<TransferOutcome> transferred, int left, Duration took) {

    public DrainReport {
        transferred = List.copyOf(requireNonNull(transferred, "transferred"));
        requireNonNull(took, "took");
    }
}
