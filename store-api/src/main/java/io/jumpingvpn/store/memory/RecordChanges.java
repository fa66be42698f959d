package io.jumpingvpn.store.memory;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a record changes once every check has passed: the version arithmetic and the bounded outcome history. */
final class RecordChanges {

    private RecordChanges() {}

    /**
     * The record after a commit that advances the version by {@code steps}: the old version becomes the base, the
     * outcome is remembered, the store time is recorded, and what the commit replaced is described afresh.
     */
    static SessionRecord committed(
            SessionRecord record,
            CommitKind kind,
            long steps,
            SessionState state,
            NodeRef owner,
            Binding binding,
            long lastNonce,
            RequestId request,
            NodeRef committer,
            long nowMs,
            Optional<String> terminationReason,
            Optional<NodeRef> previousOwner,
            long handoverUntilMs) {
        long version = record.version() + steps;
        var outcome = new RequestOutcome(request, committer, version, RequestOutcome.Kind.COMMITTED);
        return new SessionRecord(
                record.id(),
                record.agentKey(),
                state,
                version,
                owner,
                binding,
                lastNonce,
                record.version(),
                kind,
                appended(record.recentRequests(), outcome),
                record.createdAtMs(),
                // An injected clock may step back; the record's own invariant (updated >= created) must still hold.
                Math.max(nowMs, record.updatedAtMs()),
                record.expiresAtMs(),
                record.policyRef(),
                terminationReason,
                previousOwner,
                handoverUntilMs);
    }

    /** The record with one more outcome and nothing else changed: reconciliation fencing a request id. */
    static SessionRecord withOutcome(SessionRecord record, RequestOutcome outcome) {
        var recentRequests = appended(record.recentRequests(), outcome);
        return new SessionRecord(
                record.id(),
                record.agentKey(),
                record.state(),
                record.version(),
                record.owner(),
                record.binding(),
                record.lastNonce(),
                record.baseVersion(),
                record.lastCommit(),
                recentRequests,
                record.createdAtMs(),
                record.updatedAtMs(),
                record.expiresAtMs(),
                record.policyRef(),
                record.terminationReason(),
                record.previousOwner(),
                record.handoverUntilMs());
    }

    private static List<RequestOutcome> appended(List<RequestOutcome> recent, RequestOutcome outcome) {
        var kept = new ArrayList<RequestOutcome>(SessionRecord.RECENT_REQUESTS);
        int from = Math.max(0, recent.size() + 1 - SessionRecord.RECENT_REQUESTS);
        kept.addAll(recent.subList(from, recent.size()));
        kept.add(outcome);
        return kept;
    }
}
