package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership news between nodes (docs/cluster.md, "Hand-over"):
 *
 * <ul>
 *   <li><b>this node lost a session</b> ({@link Handover}), promptly through the store's watch and at the latest with
 *       the lease renewal that follows the commit. {@link #fence} bars the session's link at once, on whatever thread
 *       the notice came (the lease thread calls it before the renewal extends the lease proof), and writes the
 *       {@code unbind} line; then the session's lane closes its egress port, forgets it and announces the
 *       {@link Release} to the new owner. (The OWNERSHIP_CHANGE is the committing node's: one per change.);
 *   <li><b>a previous owner released a session this node took</b> ({@link Release}): the lane ends the hold of the
 *       session's link if the store named that node and the release is of that take-over, so forwarding starts before
 *       the hold's deadline.
 * </ul>
 *
 * Notices come more than once (watch and renewal, reconnects): everything here is idempotent.
 */
final class Ownership implements OwnershipListener {

    private static final Logger log = LoggerFactory.getLogger(Ownership.class);

    private final Context context;
    private final Lanes lanes;
    private final Binder binder;
    private final Terminator terminator;
    private Subscription subscription;
    private NodeRef watching;

    Ownership(Context context, Lanes lanes, Binder binder, Terminator terminator) {
        this.context = requireNonNull(context, "context");
        this.lanes = requireNonNull(lanes, "lanes");
        this.binder = requireNonNull(binder, "binder");
        this.terminator = requireNonNull(terminator, "terminator");
    }

    /** Watches ownership news for {@code self} (this node at its current epoch), replacing an earlier watch. */
    synchronized void watch(NodeRef self) {
        requireNonNull(self, "self");
        if (self.equals(watching)) {
            return;
        }
        if (subscription != null) {
            subscription.close();
        }
        watching = self;
        subscription = context.store.watch(self, this);
    }

    synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    @Override
    public void onHandover(Handover handover) {
        handedOver(List.of(handover));
    }

    @Override
    public void onRelease(Release release) {
        var id = release.session().value();
        lanes.submit(id, lane -> released(release));
    }

    /** Sessions taken from this node: barred at once here, cleaned up in their lanes. */
    void handedOver(List<Handover> handovers) {
        for (var handover : handovers) {
            fence(handover);
            lanes.submit(handover.session().value(), lane -> moved(handover, lane));
        }
    }

    /**
     * Bars the session's link at once if it is older than the commit that took the session away. Safe from any thread:
     * it records the version first and bars the link it then reads; {@link Binder#bind} stores a link first and then
     * checks the version, so a link installed concurrently is barred by one of the two.
     */
    void fence(Handover handover) {
        var session = context.table.get(handover.session().value());
        if (session == null) {
            return;
        }
        session.movedAt(handover.version());
        var link = session.link;
        if (link != null && link.version() < handover.version()) {
            link.gate()
                    .close(() ->
                            context.history.unbind(handover.from().epoch(), session.wireId, link.version(), "moved"));
        }
    }

    /** The lane's part of a hand-over: forget the session (or end it, if it was terminated), then release it. */
    private CompletionStage<?> moved(Handover handover, Executor lane) {
        var session = context.table.get(handover.session().value());
        boolean ours = session != null
                && !session.gone
                && handover.from().equals(session.owner)
                && session.ledger.confirmedVersion() < handover.version();
        if (!ours) {
            announce(handover);
            return ControlPlane.done();
        }
        if (handover.kind() == CommitKind.TERMINATE) {
            return StoreCalls.read(context.store.read(session.id), context.storeTimeout)
                    .thenComposeAsync(
                            read -> terminator.terminate(
                                    session,
                                    SessionEvent.terminatingWith(terminationCode(read)),
                                    Terminator.Mode.LOCAL_ONLY,
                                    lane),
                            lane);
        }
        binder.unbind(session, "moved", context.now());
        session.gone = true;
        session.unconfirmed = null;
        context.table.remove(session);
        session.refreshView();
        // The node whose commit moved the session reports the change (one OWNERSHIP_CHANGE per change); this node's
        // part is on record in its history (the unbind above) and the release.
        log.debug("session {} moved to {} at v{}", session.wireId, handover.to().orElseThrow(), handover.version());
        context.history.version(handover.from().epoch(), session.wireId, handover.version());
        announce(handover);
        return ControlPlane.done();
    }

    /** The code another node terminated the session with, as the store recorded it. */
    private static TerminationCode terminationCode(ReadResult read) {
        if (read instanceof ReadResult.Found found
                && found.record().terminationReason().isPresent()) {
            try {
                return TerminationCode.valueOf(
                        found.record().terminationReason().get());
            } catch (IllegalArgumentException e) {
                // A reason this node does not know: the operator ended it.
            }
        }
        return TerminationCode.OPERATOR_TERMINATE;
    }

    /** Tells the new owner, best effort, that this node stopped forwarding (it then need not wait for its deadline). */
    private void announce(Handover handover) {
        if (handover.to().isEmpty()) {
            return;
        }
        StoreCalls.mutation(context.store.announceRelease(Release.of(handover)), context.storeTimeout)
                .whenComplete((result, failure) -> {
                    if (!(result instanceof StoreResult.Committed<Release>)) {
                        log.debug(
                                "session {}: the release to {} was not sent: {}",
                                handover.session(),
                                handover.to().get(),
                                result);
                    }
                });
    }

    /**
     * A previous owner stopped forwarding for a session this node took at {@code release.version()}. It lifts the hold
     * of the session's link only when the store named that node as the one that may still forward, and only if the
     * release is not older than the commit the link's request started from: a release of an earlier take-over says
     * nothing of what that node did after it owned the session again.
     */
    private CompletionStage<?> released(Release release) {
        var session = context.table.get(release.session().value());
        if (session == null || session.gone || !release.to().equals(context.node())) {
            return ControlPlane.done();
        }
        var link = session.link;
        if (link != null && link.gate().held() && link.gate().liftedBy(release.releasedBy(), release.version())) {
            binder.releaseHold(session, link);
        }
        return ControlPlane.done();
    }
}
