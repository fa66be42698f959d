package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a session held here, explicitly: the ledger takes the termination (with any pending transitions), forwarding
 * stops at once, the termination is committed to the store with its code (after settling an unknown outcome, if there
 * is one), the agent gets a sealed TERMINATE with the code over the session's last path if that path can still carry
 * it, and the events are emitted. Lane tasks only.
 */
final class Terminator {

    /** How to end it. */
    record Mode(TerminateCommit.Authority authority, boolean commit, boolean notifyAgent) {
        static final Mode OWNER = new Mode(TerminateCommit.Authority.OWNER, true, true);
        static final Mode OPERATOR = new Mode(TerminateCommit.Authority.OPERATOR, true, true);
        /** The agent ended it: commit, do not answer. */
        static final Mode BY_AGENT = new Mode(TerminateCommit.Authority.OWNER, true, false);
        /** The store cannot record anything for it (state lost, lease lost): tell the agent only. */
        static final Mode LOCAL_ONLY = new Mode(TerminateCommit.Authority.OWNER, false, true);
    }

    private static final Logger log = LoggerFactory.getLogger(Terminator.class);

    private final Context context;
    private final Binder binder;
    private final Reconciler reconciler;

    Terminator(Context context, Binder binder, Reconciler reconciler) {
        this.context = requireNonNull(context, "context");
        this.binder = requireNonNull(binder, "binder");
        this.reconciler = requireNonNull(reconciler, "reconciler");
    }

    /**
     * Terminates {@code session} because of {@code event} (a final event). Completes on {@code lane} with the version
     * the store recorded, or empty when it recorded nothing.
     */
    CompletionStage<OptionalLong> terminate(LocalSession session, SessionEvent event, Mode mode, Executor lane) {
        if (session.gone) {
            return CompletableFuture.completedFuture(OptionalLong.empty());
        }
        var step = session.ledger.on(event);
        if (!(step instanceof Step.Terminated terminated)) {
            return CompletableFuture.completedFuture(OptionalLong.empty());
        }
        long now = context.now();
        var transitions = terminated.transitions();
        context.events.transitions(session.wireId, transitions.subList(0, transitions.size() - 1));
        long transportlessNanos =
                session.link == null && session.transportLostAtNanos >= 0 ? now - session.transportLostAtNanos : 0;
        var notifyOver = session.link != null ? session.link : session.lastLink;
        binder.unbind(session, "terminated " + terminated.code().name(), now);
        session.gone = true;
        session.unconfirmed = null;
        context.table.remove(session);
        session.refreshView();

        CompletionStage<OptionalLong> recorded = mode.commit()
                ? commit(session, terminated, mode, lane)
                : CompletableFuture.completedFuture(OptionalLong.empty());
        return recorded.thenApplyAsync(
                version -> {
                    finish(session, terminated, version, notifyOver, mode, now, transportlessNanos);
                    return version;
                },
                lane);
    }

    private CompletionStage<OptionalLong> commit(
            LocalSession session, Step.Terminated terminated, Mode mode, Executor lane) {
        return reconciler
                .settle(session.wireId, lane)
                .thenComposeAsync(
                        settled -> {
                            if (!settled) {
                                log.warn(
                                        "session {}: terminated locally; the store is not told (an earlier outcome is still"
                                                + " unknown)",
                                        session.wireId);
                                return CompletableFuture.completedFuture(OptionalLong.empty());
                            }
                            var request = context.newRequestId();
                            var node = context.node();
                            // The version rule: the transitions kept locally (a dead transport) are committed
                            // together with the termination, so the store counts them all.
                            var commit = new TerminateCommit(
                                            session.id,
                                            session.ledger.confirmedVersion(),
                                            node,
                                            terminated.code().name(),
                                            mode.authority(),
                                            request)
                                    .withTransitions(Math.min(
                                            TerminateCommit.MAX_TRANSITIONS,
                                            terminated.transitions().size()));
                            return StoreCalls.mutation(context.store.terminate(commit), context.storeTimeout)
                                    .thenApplyAsync(
                                            result -> recorded(session, terminated, result, request, node), lane);
                        },
                        lane);
    }

    private OptionalLong recorded(
            LocalSession session,
            Step.Terminated terminated,
            StoreResult<SessionRecord> result,
            RequestId request,
            NodeRef node) {
        context.metrics.storeCall("TERMINATE", Reconciler.outcome(result));
        return switch (result) {
            case StoreResult.Committed<SessionRecord> committed -> {
                long version = committed.value().version();
                session.ledger.commit(terminated.last().committedAt(version));
                context.history.version(node.epoch(), session.wireId, version);
                yield OptionalLong.of(version);
            }
            case StoreResult.Rejected<SessionRecord> rejected -> {
                if (rejected.code() == StoreRejectCode.RECORD_CORRUPT) {
                    context.events.corruptRecord(session.wireId, rejected.detail());
                }
                log.warn(
                        "session {}: the store refused to record its termination: {} {}",
                        session.wireId,
                        rejected.code(),
                        rejected.detail());
                yield OptionalLong.empty();
            }
            case StoreResult.Unknown<SessionRecord> unknown -> {
                reconciler.remember(Reconciler.Kind.TERMINATE, session.id, request, node, null);
                yield OptionalLong.empty();
            }
        };
    }

    private void finish(
            LocalSession session,
            Step.Terminated terminated,
            OptionalLong recorded,
            Link notifyOver,
            Mode mode,
            long startedNanos,
            long transportlessNanos) {
        var last = terminated.last();
        long version = recorded.orElse(last.version());
        var announced = recorded.isPresent()
                ? last.committedAt(version)
                : new Transition(last.from(), last.to(), last.event(), version, Transition.Status.LOCAL);
        context.events.transitions(session.wireId, List.of(announced));
        if (mode.notifyAgent() && notifyOver != null && notifyOver.path().isOpen()) {
            // The agent compares this with the highest version it has seen; never send it one above the store's.
            long told = recorded.orElse(session.ledger.confirmedVersion());
            try {
                Frames.seal(
                        notifyOver.path(),
                        notifyOver.channel(),
                        new Terminate(terminated.code(), Math.max(1, told)),
                        context.metrics);
            } catch (RuntimeException e) {
                log.debug("session {}: TERMINATE could not be sent: {}", session.wireId, e.toString());
            }
        }
        long ageMs = Duration.ofNanos(startedNanos - session.firstSeenNanos).toMillis();
        context.events.terminated(
                session.wireId,
                version,
                terminated.code().name(),
                ageMs,
                Duration.ofNanos(transportlessNanos).toMillis(),
                recorded.isPresent());
        session.refreshView();
    }
}
