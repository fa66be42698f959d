package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.internal.StoreCalls;
import io.jumpingvpn.gateway.internal.flood.FloodGuard;
import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.gateway.internal.transport.ReturnPath;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.RequestIds;
import io.jumpingvpn.protocol.crypto.Verification;
import io.jumpingvpn.protocol.crypto.VerifiedReattach;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
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
 * The reattach, with the validation order of docs/protocol.md section 7, cheapest and most anonymous first, so that
 * garbage never reaches the store:
 *
 * <ol>
 *   <li>on the event loop: the source's reattach bucket ({@code RATE_LIMITED});
 *   <li>on the control executor, unless a copy waits there already or it waited longer than its agent waits
 *       ({@link ControlAdmission}): allowlist, signature ({@code AUTH_FAIL}), freshness ({@code FRESHNESS_INVALID}),
 *       ephemeral ({@code AUTH_FAIL}) — {@code GatewayCrypto.verifyReattach};
 *   <li>in the session's lane (so nothing else touches the session meanwhile): an unknown earlier outcome is settled
 *       first; the same request again over the same path gets its ACK again; lookup ({@code SESSION_NOT_FOUND},
 *       {@code SESSION_EXPIRED}); key equals the record's ({@code AUTH_FAIL}); nonce above the record's last
 *       ({@code REPLAY_DETECTED}); state and policy ({@code INVALID_STATE}; {@code POLICY_DENY}: the candidate's kind
 *       is not the transport the request came over, the cooldown since the last switch in store time, the switches in
 *       the last minute at this node); the lease proof ({@code STORE_UNAVAILABLE}); then the atomic
 *       {@code store.reattach} ({@code STALE_VERSION} / {@code OWNERSHIP_CONFLICT} with the current version,
 *       {@code STORE_UNAVAILABLE}).
 * </ol>
 *
 * <p>The nonce and switch-limit checks apply only when the request expects the stored version. A request for another
 * version cannot commit whatever its nonce or timing; like the store, which compares the version before the nonce,
 * the node lets the version comparison answer it: {@code STALE_VERSION}, or {@code OWNERSHIP_CONFLICT} for the loser
 * of a race for the same version, both signed with the current version so that the agent can retry at once.
 */
final class Reattaches {

    private final Context context;
    private final AgentAllowlist allowlist;
    private final FloodGuard flood;
    private final Executor control;
    private final ControlAdmission admission;
    private final Lanes lanes;
    private final Reconciler reconciler;
    private final SwitchLimiter switches;
    private final Rebinder rebinder;

    Reattaches(
            Context context,
            AgentAllowlist allowlist,
            FloodGuard flood,
            Executor control,
            ControlAdmission admission,
            Lanes lanes,
            Reconciler reconciler,
            SwitchLimiter switches,
            Rebinder rebinder) {
        this.context = requireNonNull(context, "context");
        this.allowlist = requireNonNull(allowlist, "allowlist");
        this.flood = requireNonNull(flood, "flood");
        this.control = requireNonNull(control, "control");
        this.admission = requireNonNull(admission, "admission");
        this.lanes = requireNonNull(lanes, "lanes");
        this.reconciler = requireNonNull(reconciler, "reconciler");
        this.switches = requireNonNull(switches, "switches");
        this.rebinder = requireNonNull(rebinder, "rebinder");
    }

    /** A decoded REATTACH_REQUEST, on the event loop that received it. */
    void onRequest(ReattachRequest request, Channel channel, InetSocketAddress sender) {
        var path = ReturnPath.of(channel, sender);
        if (!flood.admitReattach(sender)) {
            context.metrics.rateLimited("REATTACH");
            if (!flood.mayAnswerRefusal(sender)) {
                context.metrics.unanswered("REATTACH");
                return;
            }
            submit(() -> refuse(
                    request,
                    path,
                    RejectCode.RATE_LIMITED,
                    OptionalLong.empty(),
                    "reattach rate of " + sender.getAddress().getHostAddress() + " exceeded"));
            return;
        }
        long arrived = context.now();
        admission.submit(
                ControlAdmission.copy(request, RequestIds.of(request), sender), () -> verify(request, path, arrived));
    }

    /**
     * A sealed frame for a session this node does not hold. Under sticky routing, if another member owns it, its agent
     * (whose frames still come here: it missed a REDIRECT, or its session moved) is sent there; the signed answers
     * share the per-source budget of signed refusals, so that garbage with made-up ids costs a source its own budget.
     */
    void onUnknownSession(String session, Channel channel, InetSocketAddress sender) {
        if (!context.router.sticky()) {
            return;
        }
        var owner = context.router.ownerElsewhere(session);
        if (owner.isEmpty()) {
            return;
        }
        if (!flood.mayAnswerRefusal(sender)) {
            context.metrics.unanswered("REDIRECT");
            return;
        }
        var path = ReturnPath.of(channel, sender);
        submit(() -> redirect(session, owner.get(), path));
    }

    private void redirect(String session, ClusterMember owner, ReturnPath path) {
        var target = ClusterMember.candidate(owner.endpointFor(path.kind()));
        Frames.send(path, context.crypto.redirect(session, RedirectReason.NOT_OWNER, target), context.metrics);
    }

    private void submit(Runnable work) {
        try {
            control.execute(work);
        } catch (RejectedExecutionException e) {
            context.metrics.refused(Refusal.OVERLOADED);
        }
    }

    /** Verifies, then reattaches in the session's lane; the time from arrival to the answer is measured. */
    private void verify(ReattachRequest request, ReturnPath path, long arrived) {
        var verification = context.crypto.verifyReattach(request, allowlist);
        if (verification instanceof Verification.Refused<VerifiedReattach> refused) {
            refuse(request, path, refused.code(), OptionalLong.empty(), refused.detail());
            context.metrics.reattachAnswered(context.now() - arrived);
            return;
        }
        var verified = ((Verification.Valid<VerifiedReattach>) verification).value();
        lanes.submit(verified.sessionId(), lane -> reattach(verified, path, lane)
                .whenComplete((ignored, failure) -> context.metrics.reattachAnswered(context.now() - arrived)));
    }

    private CompletionStage<?> reattach(VerifiedReattach verified, ReturnPath path, Executor lane) {
        var drain = context.drain();
        if (drain != null) {
            var target = drain.next(path.kind());
            if (target.isPresent()) {
                // Draining: the reattach is served by a live peer; the agent goes there at once.
                Frames.send(
                        path,
                        context.crypto.redirect(verified.sessionId(), RedirectReason.DRAIN, target.get()),
                        context.metrics);
                context.metrics.reattach("REDIRECTED", "NONE");
                return ControlPlane.done();
            }
        }
        if (!context.table.contains(verified.sessionId())) {
            var owner = context.router.ownerElsewhere(verified.sessionId());
            if (owner.isPresent()) {
                // Sticky routing: a session lives at its rendezvous owner; a node that does not hold it sends the agent
                // there, signed, before it looks anything up.
                redirect(verified.sessionId(), owner.get(), path);
                context.metrics.reattach("REDIRECTED", "NONE");
                return ControlPlane.done();
            }
        }
        return Lanes.then(
                reconciler.settle(verified.sessionId(), lane),
                settled -> {
                    if (!settled) {
                        refuse(
                                verified,
                                path,
                                RejectCode.STORE_UNAVAILABLE,
                                OptionalLong.empty(),
                                "an earlier store outcome for this session is still unknown");
                        return ControlPlane.done();
                    }
                    var session = context.table.get(verified.sessionId());
                    var link = session == null ? null : session.link;
                    if (link != null && link.requestId().equals(verified.requestId())) {
                        return repeated(verified, path, link);
                    }
                    return StoreCalls.read(
                                    context.store.read(new SessionId(verified.sessionId())), context.storeTimeout)
                            .thenComposeAsync(read -> afterLookup(verified, path, read, lane), lane);
                },
                lane);
    }

    /** The request that made the current link, again: its ACK again over the same path; anywhere else, a replay. */
    private CompletionStage<?> repeated(VerifiedReattach verified, ReturnPath path, Link link) {
        if (link.path().equals(path)) {
            Frames.send(path, link.reply(), context.metrics);
            context.metrics.reattach("ACCEPTED", "RETRANSMITTED");
        } else {
            refuse(
                    verified,
                    path,
                    RejectCode.REPLAY_DETECTED,
                    OptionalLong.empty(),
                    "request " + verified.requestId() + " was accepted over another path");
        }
        return ControlPlane.done();
    }

    private CompletionStage<?> afterLookup(VerifiedReattach verified, ReturnPath path, ReadResult read, Executor lane) {
        if (!(read instanceof ReadResult.Found found)) {
            refuseLookup(verified, path, read);
            return ControlPlane.done();
        }
        var record = found.record();
        if (record.isExpiredAt(found.storeNowMs())) {
            refuse(verified, path, RejectCode.SESSION_EXPIRED, OptionalLong.empty(), "the session lifetime ran out");
            return ControlPlane.done();
        }
        if (!verified.agentKeyMatches(record.agentKey().bytes())) {
            refuse(
                    verified,
                    path,
                    RejectCode.AUTH_FAIL,
                    OptionalLong.empty(),
                    "the request's key is not the session's key");
            return ControlPlane.done();
        }
        boolean atStoredVersion = record.version() == verified.expectedVersion();
        if (atStoredVersion && verified.nonce() <= record.lastNonce()) {
            refuse(
                    verified,
                    path,
                    RejectCode.REPLAY_DETECTED,
                    OptionalLong.empty(),
                    "nonce " + verified.nonce() + " is not above the last accepted " + record.lastNonce());
            return ControlPlane.done();
        }
        var refusal = stateAndPolicy(verified, path, record, found.storeNowMs(), atStoredVersion);
        if (refusal.isPresent()) {
            refuse(
                    verified,
                    path,
                    refusal.get().code(),
                    OptionalLong.empty(),
                    refusal.get().detail());
            return ControlPlane.done();
        }
        if (!context.lease.proven()) {
            refuse(
                    verified,
                    path,
                    RejectCode.STORE_UNAVAILABLE,
                    OptionalLong.empty(),
                    "this node cannot prove its lease");
            return ControlPlane.done();
        }
        var node = context.node();
        var request = new RequestId(verified.requestId());
        var commit = new ReattachCommit(
                record.id(), verified.expectedVersion(), verified.nonce(), request, node, path.binding());
        return StoreCalls.mutation(context.store.reattach(commit), context.storeTimeout)
                .thenComposeAsync(result -> afterCommit(verified, path, record, result, request, node, lane), lane);
    }

    private void refuseLookup(VerifiedReattach verified, ReturnPath path, ReadResult read) {
        switch (read) {
            case ReadResult.Absent absent -> {
                if (context.router.settling(verified.sessionId(), context.now())) {
                    // SESSION_NOT_FOUND ends the session at the agent: not while a hand-over may still bring it here.
                    refuse(
                            verified,
                            path,
                            RejectCode.STORE_UNAVAILABLE,
                            OptionalLong.empty(),
                            "no such session here yet; the membership changed recently and its previous owner may"
                                    + " still be handing it over");
                } else {
                    refuse(verified, path, RejectCode.SESSION_NOT_FOUND, OptionalLong.empty(), "no such session");
                }
            }
            case ReadResult.Unavailable unavailable ->
                refuse(verified, path, RejectCode.STORE_UNAVAILABLE, OptionalLong.empty(), unavailable.cause());
            case ReadResult.Corrupt corrupt -> corrupt(verified, path, corrupt.detail());
            case ReadResult.Found found -> throw new IllegalArgumentException("a found record is not a refusal");
        }
    }

    private record Denial(RejectCode code, String detail) {}

    private Optional<Denial> stateAndPolicy(
            VerifiedReattach verified,
            ReturnPath path,
            SessionRecord record,
            long storeNowMs,
            boolean atStoredVersion) {
        if (record.state() == SessionState.TERMINATED) {
            return Optional.of(new Denial(
                    RejectCode.INVALID_STATE,
                    "the session is terminated (" + record.terminationReason().orElse("?") + ")"));
        }
        if (verified.candidate().kind() != path.kind()) {
            return Optional.of(new Denial(
                    RejectCode.POLICY_DENY,
                    "the candidate is " + verified.candidate().kind() + " but the request came over " + path.kind()));
        }
        if (!context.table.contains(verified.sessionId()) && context.table.size() >= context.config.maxSessions()) {
            return Optional.of(new Denial(RejectCode.POLICY_DENY, "this node holds its maximum of sessions"));
        }
        if (!atStoredVersion) {
            return Optional.empty();
        }
        long cooldownMs = context.policy.switchCooldown().toMillis();
        if (record.lastCommit() == CommitKind.REATTACH && storeNowMs - record.updatedAtMs() < cooldownMs) {
            return Optional.of(new Denial(
                    RejectCode.POLICY_DENY,
                    "switch cooldown: the last switch was " + (storeNowMs - record.updatedAtMs()) + " ms ago, "
                            + cooldownMs + " ms required"));
        }
        if (!switches.allows(verified.sessionId(), context.now(), context.policy.maxSwitchesPerMinute())) {
            return Optional.of(new Denial(
                    RejectCode.POLICY_DENY,
                    "switch limit: " + context.policy.maxSwitchesPerMinute() + " switches in the last minute"));
        }
        return Optional.empty();
    }

    private CompletionStage<?> afterCommit(
            VerifiedReattach verified,
            ReturnPath path,
            SessionRecord before,
            StoreResult<SessionRecord> result,
            RequestId request,
            NodeRef node,
            Executor lane) {
        context.metrics.storeCall("REATTACH", Reconciler.outcome(result));
        switch (result) {
            case StoreResult.Committed<SessionRecord> committed
            when !committed.retried() -> {
                switches.record(verified.sessionId(), context.now());
                return rebinder.accept(
                        verified,
                        path,
                        before,
                        committed.value(),
                        committed.value().version(),
                        lane);
            }
            case StoreResult.Committed<SessionRecord> committed -> {
                return retried(verified, path, before, committed.value(), request, node, lane);
            }
            case StoreResult.Rejected<SessionRecord> rejected -> {
                var code = Codes.reattachReject(rejected.code());
                if (rejected.code() == StoreRejectCode.RECORD_CORRUPT) {
                    corrupt(verified, path, rejected.detail());
                    return ControlPlane.done();
                }
                var current = code.carriesCurrentVersion()
                        ? OptionalLong.of(rejected.currentVersion().orElse(before.version()))
                        : OptionalLong.empty();
                refuse(verified, path, code, current, rejected.code() + " " + rejected.detail());
                return ControlPlane.done();
            }
            case StoreResult.Unknown<SessionRecord> unknown -> {
                reconciler.remember(Reconciler.Kind.REATTACH, before.id(), request, node, null);
                refuse(verified, path, RejectCode.STORE_UNAVAILABLE, OptionalLong.empty(), unknown.cause());
                return ControlPlane.done();
            }
        }
    }

    /**
     * The store says this very request was committed by this node before (its answer was lost, or reconciliation found
     * it). It is served again only if nothing happened since and it came over the path it was committed for;
     * otherwise it is a replay.
     */
    private CompletionStage<?> retried(
            VerifiedReattach verified,
            ReturnPath path,
            SessionRecord before,
            SessionRecord now,
            RequestId request,
            NodeRef node,
            Executor lane) {
        var outcome = now.outcomeOf(request);
        boolean untouchedSince = outcome.isPresent()
                && outcome.get().version() == now.version()
                && now.owner().equals(node)
                && now.state() == SessionState.ATTACHED
                && now.binding().equals(path.binding());
        if (!untouchedSince) {
            refuse(
                    verified,
                    path,
                    RejectCode.REPLAY_DETECTED,
                    OptionalLong.empty(),
                    "request " + request + " was committed before");
            return ControlPlane.done();
        }
        return rebinder.accept(verified, path, before, now, now.version(), lane);
    }

    private void corrupt(VerifiedReattach verified, ReturnPath path, String detail) {
        context.events.security(
                Optional.of(verified.sessionId()),
                OptionalLong.empty(),
                Events.SecurityKind.RECORD_CORRUPT,
                StoreRejectCode.RECORD_CORRUPT.name(),
                path.binding().toString(),
                detail);
        refuse(verified, path, RejectCode.STORE_UNAVAILABLE, OptionalLong.empty(), "the session record is corrupt");
    }

    private void refuse(
            VerifiedReattach verified, ReturnPath path, RejectCode code, OptionalLong current, String detail) {
        refuse(verified.request(), path, code, current, detail);
    }

    /** Answers a signed REATTACH_REJECT and emits its REATTACH_RESULT (and SECURITY_EVENT when it is one). */
    private void refuse(
            ReattachRequest request, ReturnPath path, RejectCode code, OptionalLong current, String detail) {
        var source = path.binding().toString();
        context.events.reattachRefused(
                request.sessionId(),
                code,
                current,
                request.expectedVersion(),
                request.nonce(),
                source,
                RequestIds.of(request));
        Events.kindOf(code)
                .ifPresent(kind -> context.events.security(
                        Optional.of(request.sessionId()), current, kind, code.name(), source, "reattach: " + detail));
        Frames.send(path, context.crypto.rejectReattach(request, code, current), context.metrics);
    }
}
