package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.gateway.internal.flood.FloodGuard;
import io.jumpingvpn.gateway.internal.transport.ReturnPath;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.CookieJar;
import io.jumpingvpn.protocol.crypto.HandshakeReplayFilter;
import io.jumpingvpn.protocol.crypto.RequestIds;
import io.jumpingvpn.protocol.crypto.Verification;
import io.jumpingvpn.protocol.crypto.VerifiedInit;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.Step;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The handshake, BIRTH to ATTACHED, in the order of docs/protocol.md section 7, cheapest first:
 *
 * <ol>
 *   <li>on the event loop: the source's handshake bucket ({@code RATE_LIMITED}); under load, a valid cookie for the
 *       source address, else a COOKIE_CHALLENGE (one MAC, no signature, no state);
 *   <li>on the control executor, unless a copy waits there already or it waited longer than its agent waits
 *       ({@link ControlAdmission}): allowlist and signature ({@code AUTH_FAIL}), freshness ({@code FRESHNESS_INVALID}),
 *       ephemeral ({@code AUTH_FAIL}) — all in {@code GatewayCrypto.verifyInit} — then the replay filter
 *       ({@code REPLAY_DETECTED}), the session limit ({@code POLICY_DENY}) and the lease proof ({@code
 *       STORE_UNAVAILABLE});
 *   <li>in the new session's lane: {@code store.create} with the INIT's request id, then the ACK, the secure channel and
 *       the binding.
 * </ol>
 */
final class Handshakes {

    private final Context context;
    private final AgentAllowlist allowlist;
    private final FloodGuard flood;
    private final CookieJar cookies;
    private final HandshakeReplayFilter replayFilter;
    private final RecentHandshakes recent;
    private final Executor control;
    private final ControlAdmission admission;
    private final Lanes lanes;
    private final Binder binder;
    private final Detector detector;
    private final Reconciler reconciler;

    Handshakes(
            Context context,
            AgentAllowlist allowlist,
            FloodGuard flood,
            CookieJar cookies,
            HandshakeReplayFilter replayFilter,
            Executor control,
            ControlAdmission admission,
            Lanes lanes,
            Binder binder,
            Detector detector,
            Reconciler reconciler) {
        this.context = requireNonNull(context, "context");
        this.allowlist = requireNonNull(allowlist, "allowlist");
        this.flood = requireNonNull(flood, "flood");
        this.cookies = requireNonNull(cookies, "cookies");
        this.replayFilter = requireNonNull(replayFilter, "replayFilter");
        this.control = requireNonNull(control, "control");
        this.admission = requireNonNull(admission, "admission");
        this.lanes = requireNonNull(lanes, "lanes");
        this.binder = requireNonNull(binder, "binder");
        this.detector = requireNonNull(detector, "detector");
        this.reconciler = requireNonNull(reconciler, "reconciler");
        long rememberNanos = 2 * context.policy.reattachProofMaxAge().toNanos();
        this.recent = new RecentHandshakes(rememberNanos, 65_536);
    }

    /** A decoded HANDSHAKE_INIT, on the event loop that received it. */
    void onInit(HandshakeInit init, Channel channel, InetSocketAddress sender) {
        var path = ReturnPath.of(channel, sender);
        if (!flood.admitHandshake(sender)) {
            context.metrics.rateLimited("HANDSHAKE");
            refuseBudgeted(
                    init, path, "handshake rate of " + sender.getAddress().getHostAddress() + " exceeded");
            return;
        }
        if (flood.cookiesRequired() && !cookies.isValid(init, sender)) {
            Frames.send(path, cookies.challenge(init, sender), context.metrics);
            context.metrics.cookieChallenge();
            return;
        }
        admission.submit(ControlAdmission.copy(init, RequestIds.of(init), sender), () -> verify(init, path));
    }

    private void refuseBudgeted(HandshakeInit init, ReturnPath path, String detail) {
        if (!flood.mayAnswerRefusal(path.remote())) {
            context.metrics.unanswered("HANDSHAKE");
            return;
        }
        try {
            control.execute(() -> refuse(init, path, RejectCode.RATE_LIMITED, detail));
        } catch (RejectedExecutionException e) {
            context.metrics.unanswered("HANDSHAKE");
        }
    }

    private void verify(HandshakeInit init, ReturnPath path) {
        var verification = context.crypto.verifyInit(init, allowlist);
        if (verification instanceof Verification.Refused<VerifiedInit> refused) {
            refuse(init, path, refused.code(), refused.detail());
            return;
        }
        var verified = ((Verification.Valid<VerifiedInit>) verification).value();
        var request = verified.requestId();
        long now = context.now();
        switch (replayFilter.admit(verified.handshakeId())) {
            case FRESH -> {}
            case REPLAYED -> {
                repeated(init, verified, path, now);
                return;
            }
            case FULL -> {
                refuse(init, path, RejectCode.RATE_LIMITED, "the handshake replay filter is full");
                return;
            }
        }
        if (context.table.size() >= context.config.maxSessions()) {
            refuse(init, path, RejectCode.POLICY_DENY, "this node holds its maximum of sessions");
            return;
        }
        if (context.drain() != null) {
            // A REDIRECT needs a session id, which a handshake does not have yet: the agent is told "not here, not
            // now", and its rules send it to another candidate.
            refuse(init, path, RejectCode.STORE_UNAVAILABLE, "this node is draining");
            return;
        }
        if (!context.lease.proven()) {
            refuse(init, path, RejectCode.STORE_UNAVAILABLE, "this node cannot prove its lease");
            return;
        }
        var born = context.router.newSessionId(context.store::newSessionId);
        if (born.isEmpty()) {
            refuse(init, path, RejectCode.STORE_UNAVAILABLE, "this node is not in the membership list");
            return;
        }
        var id = born.get();
        recent.inProgress(request, now);
        lanes.submit(id.value(), lane -> create(verified, id, path, lane));
    }

    /** The same INIT again: the ACK again if it was answered over this very path, nothing while it is being answered. */
    private void repeated(HandshakeInit init, VerifiedInit verified, ReturnPath path, long now) {
        var entry = recent.get(verified.requestId(), now);
        if (entry.isPresent() && entry.get() instanceof RecentHandshakes.Entry.InProgress) {
            return; // the answer to the first copy is on its way
        }
        if (entry.isPresent() && entry.get() instanceof RecentHandshakes.Entry.Answered answered) {
            var session = context.table.get(answered.session());
            var link = session == null ? null : session.link;
            if (link != null
                    && link.requestId().equals(verified.requestId())
                    && link.path().equals(path)) {
                Frames.send(path, link.reply(), context.metrics);
                return;
            }
        }
        refuse(init, path, RejectCode.REPLAY_DETECTED, "handshake id seen before within the freshness window");
    }

    private CompletionStage<?> create(VerifiedInit verified, SessionId id, ReturnPath path, Executor lane) {
        var node = context.node();
        var request = new RequestId(verified.requestId());
        var commit = new CreateSession(
                id,
                AgentPublicKey.of(verified.agentKey().bytes()),
                node,
                path.binding(),
                request,
                context.policy.sessionMaxLifetime(),
                context.config.policyRef());
        return Lanes.then(
                StoreCalls.mutation(context.store.create(commit), context.storeTimeout),
                result -> {
                    context.metrics.storeCall("CREATE", Reconciler.outcome(result));
                    return switch (result) {
                        case StoreResult.Committed<SessionRecord> committed ->
                            accept(verified, committed.value(), path, lane);
                        case StoreResult.Rejected<SessionRecord> rejected -> {
                            recent.forget(verified.requestId());
                            if (rejected.code() == StoreRejectCode.RECORD_CORRUPT) {
                                context.events.security(
                                        Optional.of(id.value()),
                                        OptionalLong.empty(),
                                        Events.SecurityKind.RECORD_CORRUPT,
                                        rejected.code().name(),
                                        path.binding().toString(),
                                        rejected.detail());
                            }
                            refuse(
                                    verified.init(),
                                    path,
                                    Codes.handshakeReject(rejected.code()),
                                    rejected.code() + " " + rejected.detail());
                            yield ControlPlane.done();
                        }
                        case StoreResult.Unknown<SessionRecord> unknown -> {
                            recent.forget(verified.requestId());
                            reconciler.remember(Reconciler.Kind.CREATE, id, request, node, null);
                            refuse(verified.init(), path, RejectCode.STORE_UNAVAILABLE, unknown.cause());
                            yield ControlPlane.done();
                        }
                    };
                },
                lane);
    }

    private CompletionStage<?> accept(VerifiedInit verified, SessionRecord record, ReturnPath path, Executor lane) {
        long now = context.now();
        var accepted =
                context.crypto.acceptInit(verified, record.id().value(), record.version(), context.terms(record));
        var session = new LocalSession(record.id(), record.agentKey(), now);
        session.ledger = SessionLedger.birth();
        if (session.ledger.on(SessionEvent.HANDSHAKE_ACCEPTED) instanceof Step.Proposed proposed
                && session.ledger.commit(proposed.proposal().committedAt(record.version()))
                        instanceof Step.Committed committed) {
            context.events.transitions(session.wireId, committed.transitions());
        }
        session.owner = record.owner();
        session.binding = record.binding();
        session.stateSinceNanos = now;
        session.expiresAtNanos = context.expiryNanos(record, now);
        var reply = FrameCodec.encode(accepted.reply());
        var link = new Link(
                SecureChannel.of(accepted.attachment(), context.policy.replayWindow()),
                path,
                record.version(),
                verified.requestId(),
                reply,
                Gate.open());
        session.refreshView();
        context.table.put(session);
        return binder.openEgress(session, lane)
                .thenRunAsync(
                        () -> {
                            if (session.gone) {
                                return;
                            }
                            binder.bind(session, link);
                            context.history.version(record.owner().epoch(), session.wireId, record.version());
                            Frames.send(path, reply, context.metrics);
                            recent.answered(verified.requestId(), session.wireId, context.now());
                            context.metrics.handshake("ACCEPTED", "NONE");
                            context.events.handshakeAccepted(
                                    session.wireId,
                                    record.version(),
                                    path.binding().toString());
                            session.refreshView();
                            detector.reschedule(session);
                        },
                        lane);
    }

    private void refuse(HandshakeInit init, ReturnPath path, RejectCode code, String detail) {
        context.metrics.handshake("REJECTED", code.name());
        context.events.handshakeRefused(code, path.binding().toString(), detail);
        Events.kindOf(code)
                .ifPresent(kind -> context.events.security(
                        Optional.empty(),
                        OptionalLong.empty(),
                        kind,
                        code.name(),
                        path.binding().toString(),
                        "handshake: " + detail));
        Frames.send(path, context.crypto.rejectInit(init, code), context.metrics);
    }
}
