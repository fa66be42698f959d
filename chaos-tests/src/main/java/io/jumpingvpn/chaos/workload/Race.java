package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.PendingReattach;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * One race of a {@link Racer}: the same session at the same expected version, each contender with its own nonce, sent
 * at once to several nodes over new sockets. Each contender is one {@code reattach} operation: ok with the version it
 * was acknowledged at, fail with the verified reject's code, or info when no verified answer came in time (it may have
 * committed). Lost datagrams are covered by resending the same bytes.
 */
final class Race {

    private static final long MS = 1_000_000L;
    private static final long RESEND_NANOS = 300 * MS;
    private static final long DEADLINE_NANOS = 1_500 * MS;

    /** What the racer makes of a race that no contender won. */
    sealed interface Verdict {
        /** A refusal told the current version (an earlier outcome we did not see committed): use it. */
        record Adopt(long version) implements Verdict {}

        /** A refusal told a version below one already seen: the store lost writes. */
        record Regressed() implements Verdict {}

        /** A refusal that ends the session, as it would end an agent's. */
        record Ends(TerminationCode code) implements Verdict {}

        /** Nothing learned (the nodes could not reach the store, or did not answer): try again later. */
        record Nothing() implements Verdict {}
    }

    /** One contender: its socket, its request, its outcome once answered. */
    static final class Contender {
        private final RawLink link;
        private final PendingReattach pending;
        private final byte[] request;
        private final Operation invoke;
        private final RunHistory completion;
        private long resendAt;
        private ReplyOutcome outcome;
        private long answeredAt;

        Contender(RawLink link, PendingReattach pending, Operation invoke, RunHistory completion) {
            this.link = link;
            this.pending = pending;
            this.request = FrameCodec.encode(pending.request());
            this.invoke = invoke;
            this.completion = completion;
        }

        RawLink link() {
            return link;
        }

        /** An answer on this contender's socket. */
        void reply(Object frame, long now) {
            if (outcome != null) {
                return;
            }
            var answer =
                    switch (frame) {
                        case ReattachAck ack -> pending.complete(ack);
                        case ReattachReject reject -> pending.complete(reject);
                        default -> null;
                    };
            if (answer == null || answer instanceof ReplyOutcome.Invalid) {
                return;
            }
            outcome = answer;
            answeredAt = now;
            switch (answer) {
                case ReplyOutcome.Established established ->
                    completion.completed(invoke.ok(now, established.attachment().version()));
                case ReplyOutcome.Rejected rejected ->
                    completion.completed(invoke.fail(now, rejected.code().name()));
                case ReplyOutcome.Invalid ignored -> {}
            }
        }

        boolean won() {
            return outcome instanceof ReplyOutcome.Established;
        }

        Attachment attachment() {
            return ((ReplyOutcome.Established) outcome).attachment();
        }

        /** What a later replay of this contender's request needs. */
        Replay.Captured captured(String session) {
            return new Replay.Captured(
                    request,
                    session,
                    pending.request().nonce(),
                    pending.request().expectedVersion(),
                    link.node());
        }
    }

    private final List<Contender> contenders;
    private final long deadline;

    private Race(List<Contender> contenders, long deadline) {
        this.contenders = contenders;
        this.deadline = deadline;
    }

    /** Sends the session's same-version request to every node of {@code nodes} at once. */
    static Race start(Racer racer, List<NodeEndpoint> nodes, Racer.Session session, long now) throws IOException {
        requireNonNull(nodes, "nodes");
        var history = racer.history();
        long firstNonce = racer.nonces(nodes.size());
        var contenders = new ArrayList<Contender>();
        for (int i = 0; i < nodes.size(); i++) {
            var node = nodes.get(i);
            var link = RawLink.open(node, racer.selector(), null);
            var pending = racer.crypto().startReattach(session.id, session.confirmed, firstNonce + i, node.candidate());
            var invoke = history.started(history.invoke(now, racer.name(), "reattach")
                    .withSession(session.id)
                    .withNode(node.node())
                    .withExpectedVersion(session.confirmed));
            var contender = new Contender(link, pending, invoke, history);
            link.owner(contender);
            contenders.add(contender);
        }
        // All requests leave together, after every socket is ready: the race is as close as this client can make it.
        for (var contender : contenders) {
            contender.link.send(contender.request);
            contender.resendAt = now + RESEND_NANOS;
        }
        return new Race(contenders, now + DEADLINE_NANOS);
    }

    /** Resends unanswered requests; true once every contender is answered or the deadline passed. */
    boolean tick(long now) {
        boolean open = false;
        for (var contender : contenders) {
            if (contender.outcome != null) {
                continue;
            }
            if (now - deadline >= 0) {
                contender.outcome = new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST);
                contender.completion.completed(contender.invoke.info(now, "no verified answer within 1.5 s"));
                continue;
            }
            open = true;
            if (now - contender.resendAt >= 0) {
                contender.resendAt = now + RESEND_NANOS;
                contender.link.send(contender.request);
            }
        }
        return !open;
    }

    /** The acknowledged contenders, in the order their ACKs arrived. */
    List<Contender> winners() {
        return contenders.stream()
                .filter(Contender::won)
                .sorted(Comparator.comparingLong(c -> c.answeredAt))
                .toList();
    }

    /** Closes the sockets of every contender that did not win (the winners' become attachments). */
    void closeLosers() {
        contenders.stream().filter(c -> !c.won()).forEach(c -> c.link.close());
    }

    void closeLinks() {
        contenders.forEach(c -> c.link.close());
    }

    /** Completes every unanswered contender as unknown and closes every socket. */
    void abandon(long now, String why) {
        for (var contender : contenders) {
            if (contender.outcome == null) {
                contender.outcome = new ReplyOutcome.Invalid(ReplyOutcome.ReplyProblem.NOT_FOR_THIS_REQUEST);
                contender.completion.completed(contender.invoke.info(now, why));
            }
        }
        closeLinks();
    }

    /**
     * What the refusals of a race without winner say, as the agent's rules read them (docs/agent.md): a current
     * version to adopt, a regression, or a code that ends the session.
     */
    Verdict refusalVerdict(long highestSeen) {
        OptionalLong current = OptionalLong.empty();
        for (var contender : contenders) {
            if (!(contender.outcome instanceof ReplyOutcome.Rejected rejected)) {
                continue;
            }
            var ends = endingCode(rejected.code());
            if (ends != null) {
                return new Verdict.Ends(ends);
            }
            if (rejected.currentVersion().isPresent()) {
                long version = rejected.currentVersion().getAsLong();
                if (version < highestSeen) {
                    return new Verdict.Regressed();
                }
                current = OptionalLong.of(Math.max(version, current.orElse(0)));
            }
        }
        return current.isPresent() && current.getAsLong() > highestSeen
                ? new Verdict.Adopt(current.getAsLong())
                : new Verdict.Nothing();
    }

    /** The termination an agent applies for a reject code, or null when the code does not end the session. */
    static TerminationCode endingCode(RejectCode code) {
        return switch (code) {
            case SESSION_NOT_FOUND -> TerminationCode.STORE_STATE_LOST;
            case SESSION_EXPIRED -> TerminationCode.SESSION_TTL_EXPIRED;
            case AUTH_FAIL, INVALID_STATE -> TerminationCode.OWNERSHIP_UNPROVEN;
            default -> null;
        };
    }
}
