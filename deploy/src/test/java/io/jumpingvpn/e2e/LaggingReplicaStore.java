package io.jumpingvpn.e2e;

import static java.util.Objects.requireNonNull;

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
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A store that loses writes, the way a failover to a lagging replica does: a primary {@link InMemorySessionStore}
 * and a replica that receives every session write until {@link #stopReplication()}; after {@link #failOver()} the
 * session table is the replica's, missing what was written in between. Node leases stay the primary's and are mirrored
 * to the replica under its own incarnation, so the failover loses session writes only. Real in-memory stores on both
 * sides; nothing is faked but the lost replication.
 */
final class LaggingReplicaStore implements SessionStore {

    private final InMemorySessionStore primary = new InMemorySessionStore();
    private final InMemorySessionStore replica = new InMemorySessionStore();
    private volatile boolean replicating = true;
    private volatile boolean failedOver;
    private volatile String replicaIncarnation;

    void stopReplication() {
        replicating = false;
    }

    void failOver() {
        failedOver = true;
    }

    private SessionStore sessions() {
        return failedOver ? replica : primary;
    }

    private <T> CompletionStage<StoreResult<T>> write(Function<SessionStore, CompletionStage<StoreResult<T>>> call) {
        var result = call.apply(sessions());
        if (replicating && !failedOver) {
            // The in-memory store completes at once: the replica applies the write in the same order.
            call.apply(replica).toCompletableFuture().join();
        }
        return result;
    }

    @Override
    public SessionId newSessionId() {
        return primary.newSessionId();
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> create(CreateSession request) {
        return write(store -> store.create(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reattach(ReattachCommit request) {
        return write(store -> store.reattach(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transition(TransitionCommit request) {
        return write(store -> store.transition(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> terminate(TerminateCommit request) {
        return write(store -> store.terminate(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> transfer(TransferCommit request) {
        return write(store -> store.transfer(request));
    }

    @Override
    public CompletionStage<StoreResult<SessionRecord>> reconcile(SessionId id, RequestId request, NodeRef node) {
        return write(store -> store.reconcile(id, request, node));
    }

    @Override
    public CompletionStage<ReadResult> read(SessionId id) {
        return sessions().read(id);
    }

    @Override
    public CompletionStage<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        return sessions().list(ownedBy, limit);
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> registerNode(NodeId node, Duration lease) {
        var result = primary.registerNode(node, lease);
        var mirrored = replica.registerNode(node, lease).toCompletableFuture().join();
        if (mirrored instanceof StoreResult.Committed<NodeLease> committed) {
            replicaIncarnation = committed.value().incarnation();
        }
        return result;
    }

    @Override
    public CompletionStage<StoreResult<LeaseRenewal>> renewNode(NodeRef node, String incarnation, Duration lease) {
        var result = primary.renewNode(node, incarnation, lease);
        var mirror = replicaIncarnation;
        if (mirror != null) {
            replica.renewNode(node, mirror, lease).toCompletableFuture().join();
        }
        return result;
    }

    @Override
    public CompletionStage<StoreResult<NodeLease>> releaseNode(NodeRef node) {
        replica.releaseNode(node).toCompletableFuture().join();
        return primary.releaseNode(requireNonNull(node, "node"));
    }

    @Override
    public CompletionStage<StoreResult<List<NodeLease>>> nodes() {
        return primary.nodes();
    }

    @Override
    public Subscription watch(NodeRef self, OwnershipListener listener) {
        return primary.watch(self, listener);
    }

    @Override
    public CompletionStage<StoreResult<Release>> announceRelease(Release release) {
        return primary.announceRelease(release);
    }

    @Override
    public void close() {
        primary.close();
        replica.close();
    }
}
