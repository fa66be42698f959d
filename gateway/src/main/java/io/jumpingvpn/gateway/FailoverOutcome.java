package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeId;
import java.util.List;

/** What a failover ({@link Gateway#failover}) came to. */
public sealed interface FailoverOutcome {

    NodeId node();

    /** Nothing was done: {@code reason} is one line (for example: the node's lease is alive). */
    record Refused(NodeId node, String reason) implements FailoverOutcome {
        public Refused {
            requireNonNull(node, "node");
            requireNonNull(reason, "reason");
        }
    }

    /** The dead node's live sessions, each taken over by this node or not ({@code outcomes}). */
    record FailedOver(NodeId node, List<TransferOutcome> outcomes) implements FailoverOutcome {
        public FailedOver {
            requireNonNull(node, "node");
            outcomes = List.copyOf(requireNonNull(outcomes, "outcomes"));
        }

        public long transferred() {
            return outcomes.stream()
                    .filter(o -> o instanceof TransferOutcome.Transferred)
                    .count();
        }
    }
}
