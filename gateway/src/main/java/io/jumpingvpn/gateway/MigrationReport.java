package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeId;
import java.util.List;

/** What a migration ({@link Gateway#migrate}) did, session by session. */
public record MigrationReport(NodeId target, List<TransferOutcome> outcomes) {

    public MigrationReport {
        requireNonNull(target, "target");
        outcomes = List.copyOf(requireNonNull(outcomes, "outcomes"));
    }

    /** Sessions the store moved to the target. */
    public long transferred() {
        return outcomes.stream()
                .filter(o -> o instanceof TransferOutcome.Transferred)
                .count();
    }
}
