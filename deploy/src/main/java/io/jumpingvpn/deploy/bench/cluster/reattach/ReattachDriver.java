package io.jumpingvpn.deploy.bench.cluster.reattach;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.PendingReattach;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client thread of a phase: a selector and its lanes. A lane reattaches its sessions one after the other, closed
 * loop: a round is one request (placement OWNER or NEXT) or one request per contender at that many nodes at once, the
 * same expected version (RACE), each over a new UDP socket, as an agent does; the lane starts its next round as soon as
 * the last request of the round was answered. A request is timed from sent to its answer verified (signature, key
 * agreement, key derivation); unanswered ones are resent unchanged every 500 ms and given up after 5 s.
 *
 * <p>A RACE round is judged when the session's version was certain at its start and every request was answered: it
 * must end with exactly one ACK, and with none only when every request was refused before the commit (switch limit,
 * rate limit, store unavailable); a refusal by the commit (OWNERSHIP_CONFLICT, STALE_VERSION) without a winner, or a
 * second ACK, is a bad round.
 */
final class ReattachDriver {

    private static final long ANSWER_TIMEOUT_NANOS = 5_000_000_000L;
    private static final long RESEND_NANOS = 500_000_000L;
    private static final long SWEEP_NANOS = 10_000_000L;
    /** After the window, how long in-flight rounds may take to finish. */
    private static final long DRAIN_NANOS = ANSWER_TIMEOUT_NANOS + 1_000_000_000L;

    private final List<InetSocketAddress> nodes;
    private final List<Candidate> candidates;
    private final AgentCrypto crypto;
    private final Placement placement;
    private final int contenders;
    private final List<Lane> lanes;
    private final long measureStart;
    private final long end;
    private final PhaseTally tally = new PhaseTally();
    private final Set<Attempt> inFlight = new HashSet<>();
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(WireFormat.MAX_FRAME_SIZE + 1);
    private Selector selector;

    /** Sessions reattached one after the other; one round in flight at a time. */
    private static final class Lane {
        final List<ClusterSession> sessions;
        int next;

        Lane(List<ClusterSession> sessions) {
            this.sessions = sessions;
        }
    }

    /** The requests of one round for one session. */
    private static final class Round {
        final Lane lane;
        final ClusterSession session;
        final boolean judged;
        final List<Attempt> attempts = new ArrayList<>();
        int open;

        Round(Lane lane, ClusterSession session) {
            this.lane = lane;
            this.session = session;
            this.judged = session.certain;
        }
    }

    /** One request on the wire. */
    private static final class Attempt {
        final Round round;
        final int node;
        final PendingReattach pending;
        final byte[] request;
        final DatagramChannel channel;
        long sentNanos;
        long lastSendNanos;
        ReplyOutcome outcome;

        Attempt(Round round, int node, PendingReattach pending, DatagramChannel channel) {
            this.round = round;
            this.node = node;
            this.pending = pending;
            this.request = FrameCodec.encode(pending.request());
            this.channel = channel;
        }
    }

    ReattachDriver(
            List<InetSocketAddress> nodes,
            AgentCrypto crypto,
            Placement placement,
            int contenders,
            List<List<ClusterSession>> lanes,
            long measureStart,
            long end) {
        this.nodes = List.copyOf(nodes);
        this.candidates = this.nodes.stream()
                .map(address -> new Candidate(TransportKind.UDP, address.getHostString() + ":" + address.getPort()))
                .toList();
        this.crypto = requireNonNull(crypto, "crypto");
        this.placement = requireNonNull(placement, "placement");
        this.contenders = placement == Placement.RACE ? contenders : 1;
        this.lanes = lanes.stream().map(Lane::new).toList();
        this.measureStart = measureStart;
        this.end = end;
    }

    /** Runs the phase on the calling thread until the window is over and the last rounds settled. */
    PhaseTally run() {
        try (var opened = Selector.open()) {
            selector = opened;
            long now = System.nanoTime();
            for (var lane : lanes) {
                startRound(lane, now);
            }
            long lastSweep = now;
            long cpuAtStart = -1;
            while (true) {
                now = System.nanoTime();
                if (cpuAtStart < 0 && now >= measureStart) {
                    cpuAtStart = CpuClock.currentThread();
                }
                if (cpuAtStart >= 0 && tally.cpuNanos == 0 && now >= end) {
                    tally.cpuNanos = Math.max(1, CpuClock.currentThread() - cpuAtStart);
                }
                if ((now >= end && inFlight.isEmpty()) || now > end + DRAIN_NANOS) {
                    break;
                }
                selector.select(Math.max(1, SWEEP_NANOS / 1_000_000));
                handleReady();
                if (System.nanoTime() - lastSweep >= SWEEP_NANOS) {
                    lastSweep = System.nanoTime();
                    sweep(lastSweep);
                }
            }
            for (var attempt : List.copyOf(inFlight)) {
                answered(attempt, null, System.nanoTime());
            }
            return tally;
        } catch (IOException e) {
            throw new UncheckedIOException("the reattach client's selector failed", e);
        }
    }

    private void startRound(Lane lane, long now) throws IOException {
        if (now >= end) {
            return;
        }
        var session = lane.sessions.get(lane.next);
        lane.next = (lane.next + 1) % lane.sessions.size();
        var round = new Round(lane, session);
        for (int c = 0; c < contenders; c++) {
            int node =
                    switch (placement) {
                        case OWNER -> session.owner;
                        case NEXT -> (session.owner + 1) % nodes.size();
                        case RACE -> (session.owner + c) % nodes.size();
                    };
            var pending =
                    crypto.startReattach(session.id, session.version, session.nonce + c + 1, candidates.get(node));
            var channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(nodes.get(node).getAddress(), 0));
            channel.connect(nodes.get(node));
            channel.configureBlocking(false);
            var attempt = new Attempt(round, node, pending, channel);
            round.attempts.add(attempt);
        }
        // Every nonce of the round is used, whoever wins: the next round starts above them.
        session.nonce += contenders;
        round.open = round.attempts.size();
        for (var attempt : round.attempts) {
            inFlight.add(attempt);
            attempt.channel.register(selector, SelectionKey.OP_READ, attempt);
            send(attempt);
            attempt.sentNanos = attempt.lastSendNanos;
        }
    }

    private void send(Attempt attempt) throws IOException {
        attempt.lastSendNanos = System.nanoTime();
        attempt.channel.write(ByteBuffer.wrap(attempt.request));
    }

    private void handleReady() throws IOException {
        var keys = selector.selectedKeys();
        for (var key : keys) {
            var attempt = (Attempt) key.attachment();
            if (!key.isValid() || !inFlight.contains(attempt)) {
                continue;
            }
            try {
                read(attempt);
            } catch (IOException e) {
                // A port unreachable or a socket error: no answer from this node.
                answered(attempt, null, System.nanoTime());
            }
        }
        keys.clear();
    }

    private void read(Attempt attempt) throws IOException {
        while (inFlight.contains(attempt)) {
            datagram.clear();
            if (attempt.channel.read(datagram) <= 0) {
                return;
            }
            datagram.flip();
            var frame = new byte[datagram.remaining()];
            datagram.get(frame);
            var outcome = FrameCodec.decode(frame) instanceof DecodeResult.Decoded decoded
                    ? switch (decoded.frame()) {
                        case ReattachAck ack -> attempt.pending.complete(ack);
                        case ReattachReject reject -> attempt.pending.complete(reject);
                        default -> null;
                    }
                    : null;
            if (outcome == null || outcome instanceof ReplyOutcome.Invalid) {
                if (System.nanoTime() <= end) {
                    tally.invalidReplies++;
                }
                continue;
            }
            answered(attempt, outcome, System.nanoTime());
        }
    }

    private void sweep(long now) throws IOException {
        for (var attempt : List.copyOf(inFlight)) {
            if (now - attempt.sentNanos > ANSWER_TIMEOUT_NANOS) {
                answered(attempt, null, now);
            } else if (now - attempt.lastSendNanos > RESEND_NANOS) {
                send(attempt);
                if (now >= measureStart && now <= end) {
                    tally.resent++;
                }
            }
        }
    }

    /** An attempt ended: verified ({@code outcome}) or not answered ({@code null}). */
    private void answered(Attempt attempt, ReplyOutcome outcome, long now) throws IOException {
        if (!inFlight.remove(attempt)) {
            return;
        }
        attempt.outcome = outcome;
        var key = attempt.channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        boolean inWindow = now >= measureStart && now <= end;
        if (inWindow) {
            switch (outcome) {
                case null -> tally.onUnanswered();
                case ReplyOutcome.Established established -> tally.onAccepted(now - attempt.sentNanos);
                case ReplyOutcome.Rejected rejected -> tally.onRejected(rejected.code(), now - attempt.sentNanos);
                case ReplyOutcome.Invalid invalid -> throw new IllegalStateException("invalid replies are skipped");
            }
        }
        var round = attempt.round;
        if (--round.open == 0) {
            settle(round, inWindow);
            startRound(round.lane, System.nanoTime());
        }
    }

    private void settle(Round round, boolean inWindow) {
        var session = round.session;
        Attempt winner = null;
        int winners = 0;
        boolean unanswered = false;
        boolean commitRefused = false;
        long adopted = -1;
        for (var attempt : round.attempts) {
            switch (attempt.outcome) {
                case null -> unanswered = true;
                case ReplyOutcome.Established established -> {
                    winners++;
                    winner = attempt;
                }
                case ReplyOutcome.Rejected rejected -> {
                    if (rejected.code() == RejectCode.OWNERSHIP_CONFLICT
                            || rejected.code() == RejectCode.STALE_VERSION) {
                        commitRefused = true;
                    }
                    if (rejected.currentVersion().isPresent()) {
                        adopted = Math.max(adopted, rejected.currentVersion().getAsLong());
                    }
                }
                case ReplyOutcome.Invalid invalid -> throw new IllegalStateException("invalid replies are skipped");
            }
        }
        if (inWindow && contenders > 1) {
            tally.rounds++;
            if (!round.judged || unanswered) {
                tally.unjudgedRounds++;
            } else if (winners > 1 || (winners == 0 && commitRefused)) {
                tally.badRounds++;
            } else if (winners == 0) {
                tally.roundsWithoutWinner++;
            }
        }
        for (var attempt : round.attempts) {
            if (attempt != winner) {
                close(attempt.channel);
            }
        }
        if (winner != null) {
            var established = (ReplyOutcome.Established) winner.outcome;
            session.version = established.attachment().version();
            session.owner = winner.node;
            session.certain = !unanswered;
            session.replaceTransport(winner.channel);
        } else if (adopted >= 0) {
            session.version = adopted;
            session.certain = !unanswered;
        } else if (unanswered) {
            session.certain = false;
        }
    }

    private static void close(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a socket that fails to close is gone anyway
        }
    }
}
