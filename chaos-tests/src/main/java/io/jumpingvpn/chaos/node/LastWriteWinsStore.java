package io.jumpingvpn.chaos.node;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * <b>Unsafe, for chaos runs only</b> ({@code --unsafe lww}): a store whose reattach commits behave as in a
 * last-write-wins table. A reattach the real store refuses for its version ({@code STALE_VERSION},
 * {@code OWNERSHIP_CONFLICT}) is answered as committed, with the record as the losing write would have left it: owned by
 * the committing node, bound to its binding, at its expected version plus two (ATTACHED to RECOVERING to ATTACHED), and
 * without a previous owner, since a last-write-wins table knows nothing of who it overwrote. The real store is not
 * changed, so its winner goes on as well: two nodes bind and forward the same session at once.
 *
 * <p>Everything else is passed through unchanged.
 */
public final class LastWriteWinsStore implements SessionStore {

    private static final long REATTACH_TRANSITIONS = 2;

    private final SessionStore delegate;

    public LastWriteWinsStore(SessionStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
        return delegate.reattach(request).thenCompose(result -> {
            if (!(result instanceof StoreResult.Rejected<SessionRecord> rejected) || !lostOnVersion(rejected.code())) {
                return CompletableFuture.completedFuture(result);
            }
            return delegate.read(request.id())
                    .thenApply(read -> read instanceof ReadResult.Found found
                                    && found.record().state() != SessionState.TERMINATED
                            ? StoreResult.committed(overwritten(found, request))
                            : result);
        });
    }

    private static boolean lostOnVersion(StoreRejectCode code) {
        return code == StoreRejectCode.STALE_VERSION || code == StoreRejectCode.OWNERSHIP_CONFLICT;
    }

    /** The record as a last-write-wins table holds it after {@code request} overwrote {@code found}. */
    static SessionRecord overwritten(ReadResult.Found found, ReattachCommit request) {
        var stored = found.record();
        long version = request.expectedVersion() + REATTACH_TRANSITIONS;
        var recent = new ArrayList<>(stored.recentRequests());
        recent.add(new RequestOutcome(request.request(), request.node(), version, RequestOutcome.Kind.COMMITTED));
        while (recent.size() > SessionRecord.RECENT_REQUESTS) {
            recent.removeFirst();
        }
        return new SessionRecord(
                stored.id(),
                stored.agentKey(),
                SessionState.ATTACHED,
                version,
                request.node(),
                request.binding(),
                Math.max(stored.lastNonce(), request.nonce()),
                request.expectedVersion(),
                CommitKind.REATTACH,
                recent,
                stored.createdAtMs(),
                Math.max(stored.createdAtMs(), found.storeNowMs()),
                stored.expiresAtMs(),
                stored.policyRef(),
                Optional.empty(),
                Optional.empty(),
                0);
    }

    @Override
    public SessionId newSessionId() {
        return delegate.newSessionId();
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
        return delegate.create(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
        return delegate.transition(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
        return delegate.terminate(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
        return delegate.transfer(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
        return delegate.reconcile(id, request, node);
    }

    @Override
    public CompletionStage<ReadResult> read(SessionId id) {
        return delegate.read(id);
    }

    @Override
    public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        return delegate.list(ownedBy, limit);
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
        return delegate.registerNode(node, lease);
    }

    @Override
    public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
        return delegate.renewNode(node, incarnation, lease);
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
        return delegate.releaseNode(node);
    }

    @Override
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        return delegate.nodes();
    }

    @Override
    public Subscription watch(NodeRef self, OwnershipListener listener) {
        return delegate.watch(self, listener);
    }

    @Override
    public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
        return delegate.announceRelease(release);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
