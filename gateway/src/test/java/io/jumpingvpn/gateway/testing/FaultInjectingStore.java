package io.jumpingvpn.gateway.testing;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.LeaseRenewal;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A real {@link SessionStore} (usually an in-memory one) with faults switched on by the test: the whole store
 * unreachable, renewals failing, a reattach whose reply is lost after it ran or that never ran (both answered
 * {@code Unknown}, as a timed-out Redis command would be), swapping the store for an empty one (a Redis restarted
 * without its data), and ownership news (watch, releases) lost. Reads for assertions go to {@link #delegate()}.
 */
public final class FaultInjectingStore implements SessionStore {

    /** What a reattach commit does. */
    public enum ReattachFault {
        NONE,
        /** It runs, but its answer is lost: {@code Unknown}. */
        LOST_REPLY,
        /** It never reaches the store: {@code Unknown}. */
        NEVER_RAN
    }

    private volatile SessionStore delegate;
    private volatile boolean unavailable;
    private volatile boolean renewalsFail;
    private volatile boolean newsLost;
    private volatile ReattachFault reattachFault = ReattachFault.NONE;

    public FaultInjectingStore(SessionStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    public SessionStore delegate() {
        return delegate;
    }

    public void replaceWith(SessionStore fresh) {
        this.delegate = requireNonNull(fresh, "fresh");
    }

    public void unavailable(boolean on) {
        this.unavailable = on;
    }

    public void renewalsFail(boolean on) {
        this.renewalsFail = on;
    }

    /**
     * While on, nothing reaches the node through its watch and its releases are not announced: a node cut off from the
     * store's messages (or paused) while its commands still work.
     */
    public void newsLost(boolean on) {
        this.newsLost = on;
    }

    public void reattachFault(ReattachFault fault) {
        this.reattachFault = requireNonNull(fault, "fault");
    }

    private <T> CompletionStage<StoreResult<T>> refused() {
        return CompletableFuture.completedFuture(
                StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, "injected: the store is unreachable"));
    }

    @Override
    public SessionId newSessionId() {
        return delegate.newSessionId();
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
        return unavailable ? refused() : delegate.create(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
        if (unavailable) {
            return refused();
        }
        return switch (reattachFault) {
            case NONE -> delegate.reattach(request);
            case LOST_REPLY ->
                delegate.reattach(request)
                        .thenApply(result -> StoreResult.<SessionRecord>unknown("injected: the reply was lost"));
            case NEVER_RAN ->
                CompletableFuture.completedFuture(StoreResult.unknown("injected: the command never reached the store"));
        };
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
        return unavailable ? refused() : delegate.transition(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
        return unavailable ? refused() : delegate.terminate(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
        return unavailable ? refused() : delegate.transfer(request);
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
        return unavailable ? refused() : delegate.reconcile(id, request, node);
    }

    @Override
    public CompletionStage<ReadResult> read(SessionId id) {
        return unavailable
                ? CompletableFuture.completedFuture(new ReadResult.Unavailable("injected: the store is unreachable"))
                : delegate.read(id);
    }

    @Override
    public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        return unavailable ? refused() : delegate.list(ownedBy, limit);
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
        return unavailable ? refused() : delegate.registerNode(node, lease);
    }

    @Override
    public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
        return unavailable || renewalsFail ? refused() : delegate.renewNode(node, incarnation, lease);
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
        return unavailable ? refused() : delegate.releaseNode(node);
    }

    @Override
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        return unavailable ? refused() : delegate.nodes();
    }

    @Override
    public Subscription watch(NodeRef self, OwnershipListener listener) {
        return delegate.watch(self, new OwnershipListener() {
            @Override
            public void onHandover(Handover handover) {
                if (!unavailable && !newsLost) {
                    listener.onHandover(handover);
                }
            }

            @Override
            public void onRelease(Release release) {
                if (!unavailable && !newsLost) {
                    listener.onRelease(release);
                }
            }
        });
    }

    @Override
    public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
        return unavailable || newsLost ? refused() : delegate.announceRelease(release);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
