package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.history.SessionStateName;
import io.jumpingvpn.chaos.recording.Anomalies;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.PendingHandshake;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import java.io.IOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One racer: a session driven by a raw client (the protocol module's {@link AgentCrypto} and {@link FrameCodec} over
 * real UDP sockets) that does what a real agent never does on purpose, to test the "one winner" rule head on. Every
 * 1.2 to 2.8 s it sends the same-version REATTACH_REQUEST for its session, each with its own nonce, to two or three
 * nodes at once over new sockets ({@link Race}): exactly one may be acknowledged, the others must answer
 * {@code OWNERSHIP_CONFLICT} (or a refusal the partition explains). After a race with one winner it replays the
 * winning request's bytes at another node ({@link Replay}): that must be refused. Between races it behaves as an agent
 * on its current attachment (heartbeats, data, confirming commits, obeying TERMINATE), and keeps sending data over the
 * attachments it left for a while (two node leases): the nodes behind them must not forward it once the session moved.
 *
 * <p>Every request is an operation in {@code history.jsonl}; what it attached at, accepted and refused goes to the
 * racers' agent file. One thread per racer.
 */
final class Racer implements Runnable {

    private static final long MS = 1_000_000L;
    private static final long HEARTBEAT_NANOS = 100 * MS;
    private static final long DATA_NANOS = 50 * MS;
    private static final long BIRTH_DEADLINE_NANOS = 2_000 * MS;
    private static final long RESEND_NANOS = 300 * MS;
    private static final long REBIRTH_NANOS = 1_000 * MS;

    /** An attachment the racer holds: its socket, its keys, its version. */
    static final class Held {
        final RawLink link;
        final SecureChannel channel;
        final long version;
        long heartbeats;
        long expiresAt;

        Held(RawLink link, Attachment attachment) {
            this.link = link;
            this.channel = SecureChannel.of(attachment, attachment.terms().replayWindow());
            this.version = attachment.version();
        }
    }

    /** The racer's session as it knows it. */
    static final class Session {
        final String id;
        long confirmed;
        long highest;
        long nonce;
        Held live;
        final List<Held> left = new ArrayList<>();

        Session(String id, long version) {
            this.id = id;
            this.confirmed = version;
            this.highest = version;
        }
    }

    /** A handshake in flight: the INIT to resend (a cookie answer replaces it). */
    private static final class Birth {
        final RawLink link;
        final PendingHandshake pending;
        final Operation invoke;
        final long deadline;
        byte[] init;
        long resendAt;

        Birth(RawLink link, PendingHandshake pending, Operation invoke, long deadline) {
            this.link = link;
            this.pending = pending;
            this.invoke = invoke;
            this.deadline = deadline;
            this.init = FrameCodec.encode(pending.init());
        }
    }

    private final String name;
    private final List<NodeEndpoint> nodes;
    private final AgentCrypto crypto;
    private final RunHistory history;
    private final RacerLog log;
    private final Anomalies anomalies;
    private final RacerCounts counts;
    private final SplittableRandom random;
    private final long leftForNanos;
    private final long fleeStaleNanos;
    private final Selector selector;
    private volatile boolean stopped;
    private final AtomicReference<Flight> flee = new AtomicReference<>();
    private Session session;
    private Birth birth;
    private Race race;
    private Replay replay;
    private Replay.Captured toReplay;
    private long replayAt;
    private long nextBirthAt;
    private long nextRaceAt;
    private long nextHeartbeatAt;
    private long nextDataAt;

    Racer(
            String name,
            List<NodeEndpoint> nodes,
            AgentCrypto crypto,
            RunHistory history,
            RacerLog log,
            Anomalies anomalies,
            RacerCounts counts,
            long seed,
            Duration lease)
            throws IOException {
        this.name = requireNonNull(name, "name");
        this.nodes = List.copyOf(nodes);
        this.crypto = requireNonNull(crypto, "crypto");
        this.history = requireNonNull(history, "history");
        this.log = requireNonNull(log, "log");
        this.anomalies = requireNonNull(anomalies, "anomalies");
        this.counts = requireNonNull(counts, "counts");
        this.random = new SplittableRandom(seed);
        this.leftForNanos = lease.multipliedBy(2).toNanos() + 500 * MS;
        this.fleeStaleNanos = lease.toNanos();
        this.selector = Selector.open();
    }

    void stop() {
        stopped = true;
        selector.wakeup();
    }

    /** A node to flee from, and since when. */
    private record Flight(String node, long sinceNanos) {}

    /**
     * A fault just cut {@code node} off from Redis or stopped it: if the session is there, race it away to the other
     * nodes at once (the left attachment then keeps sending to that node, which must not forward it once its lease
     * proof is over). Without this, whether a short run ever moves a session off a node in trouble is left to chance.
     * A later fault replaces an earlier one not acted on yet; one that waited longer than a lease (a race or a birth
     * was under way) is dropped, as its fault may be over.
     */
    void flee(String node) {
        flee.set(new Flight(requireNonNull(node, "node"), System.nanoTime()));
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                long now = System.nanoTime();
                tick(now);
                selector.select(10);
                for (var key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        receive(key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("chaos: racer " + name + " stopped: " + e);
        } finally {
            finish();
        }
    }

    private void tick(long now) throws IOException {
        if (session == null) {
            if (birth == null && now - nextBirthAt >= 0) {
                startBirth(now);
            } else if (birth != null) {
                birthTick(now);
            }
            return;
        }
        if (now - nextHeartbeatAt >= 0) {
            nextHeartbeatAt = now + HEARTBEAT_NANOS;
            var live = session.live;
            live.link.send(live.channel.seal(new Heartbeat(live.heartbeats++, now / 1_000, session.confirmed)));
        }
        if (now - nextDataAt >= 0) {
            nextDataAt = now + DATA_NANOS;
            var payload = Data.of(new byte[] {(byte) now});
            session.live.link.send(session.live.channel.seal(payload));
            session.left.removeIf(held -> {
                if (now - held.expiresAt >= 0) {
                    held.link.close();
                    return true;
                }
                held.link.send(held.channel.seal(payload));
                return false;
            });
        }
        var fleeing = race == null ? flee.getAndSet(null) : null;
        if (fleeing != null && now - fleeing.sinceNanos() < fleeStaleNanos) {
            var others = nodes.stream()
                    .filter(node -> !node.node().equals(fleeing.node()))
                    .toList();
            if (session.live.link.node().node().equals(fleeing.node()) && !others.isEmpty()) {
                race = Race.start(this, others, session, now);
                counts.raced();
            }
        }
        if (race == null && now - nextRaceAt >= 0) {
            race = Race.start(this, pickNodes(), session, now);
            counts.raced();
        }
        if (race != null && race.tick(now)) {
            var finished = race;
            race = null;
            nextRaceAt = now + random.nextLong(1_200, 2_801) * MS;
            conclude(finished, now);
        }
        if (replay == null && toReplay != null && now - replayAt >= 0) {
            replay = Replay.start(this, toReplay, otherNode(toReplay.node()), now);
            toReplay = null;
            counts.replayed();
        }
        if (replay != null && replay.tick(now)) {
            replay = null;
        }
    }

    private List<NodeEndpoint> pickNodes() {
        int contenders = nodes.size() >= 3 ? 2 + random.nextInt(2) : 2;
        var shuffled = new ArrayList<>(nodes);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            var j = random.nextInt(i + 1);
            var swap = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, swap);
        }
        var picked = new ArrayList<NodeEndpoint>();
        for (int i = 0; i < contenders; i++) {
            picked.add(shuffled.get(i % shuffled.size()));
        }
        return picked;
    }

    private NodeEndpoint otherNode(NodeEndpoint not) {
        var others = nodes.stream().filter(node -> !node.equals(not)).toList();
        return others.isEmpty() ? not : others.get(random.nextInt(others.size()));
    }

    // ---- birth -------------------------------------------------------------------------------------------------

    private void startBirth(long now) throws IOException {
        var node = nodes.get(random.nextInt(nodes.size()));
        var link = RawLink.open(node, selector, null);
        var pending = crypto.startHandshake();
        var invoke = history.started(history.invoke(now, name, "attach").withNode(node.node()));
        birth = new Birth(link, pending, invoke, now + BIRTH_DEADLINE_NANOS);
        link.owner(birth);
        link.send(birth.init);
        birth.resendAt = now + RESEND_NANOS;
    }

    private void birthTick(long now) {
        if (now - birth.deadline >= 0) {
            history.completed(birth.invoke.info(now, "no answer to the handshake"));
            endBirth(now);
            return;
        }
        if (now - birth.resendAt >= 0) {
            birth.resendAt = now + RESEND_NANOS;
            birth.link.send(birth.init);
        }
    }

    private void endBirth(long now) {
        birth.link.close();
        birth = null;
        nextBirthAt = now + REBIRTH_NANOS;
    }

    private void birthReply(Birth attempt, Object frame) {
        if (attempt != birth) {
            return;
        }
        long now = System.nanoTime();
        ReplyOutcome outcome;
        switch (frame) {
            case HandshakeAck ack -> outcome = attempt.pending.complete(ack);
            case HandshakeReject reject -> outcome = attempt.pending.complete(reject);
            case CookieChallenge challenge -> {
                attempt.pending.answer(challenge).ifPresent(init -> {
                    attempt.init = FrameCodec.encode(init);
                    attempt.link.send(attempt.init);
                });
                return;
            }
            default -> {
                return;
            }
        }
        switch (outcome) {
            case ReplyOutcome.Established established -> {
                var attachment = established.attachment();
                session = new Session(attachment.sessionId(), attachment.version());
                session.live = new Held(attempt.link, attachment);
                attempt.link.owner(session.live);
                history.completed(attempt.invoke.withSession(session.id).ok(now, attachment.version()));
                log.attached(session.id, attachment.version(), attempt.link.node());
                birth = null;
                nextRaceAt = now + random.nextLong(800, 2_001) * MS;
                counts.born();
            }
            case ReplyOutcome.Rejected rejected -> {
                history.completed(attempt.invoke.fail(now, rejected.code().name()));
                endBirth(now);
            }
            case ReplyOutcome.Invalid ignored -> {}
        }
    }

    // ---- frames -------------------------------------------------------------------------------------------------

    private void receive(Object owner) {
        var link =
                switch (owner) {
                    case Birth b -> b.link;
                    case Race.Contender c -> c.link();
                    case Held h -> h.link;
                    case Replay r -> r.link();
                    case null, default -> null;
                };
        if (link == null) {
            return;
        }
        for (int i = 0; i < 64; i++) {
            var bytes = link.poll();
            if (bytes.isEmpty()) {
                return;
            }
            if (!(FrameCodec.decode(bytes.get()) instanceof DecodeResult.Decoded decoded)) {
                continue;
            }
            var frame = decoded.frame();
            switch (owner) {
                case Birth b -> birthReply(b, frame);
                case Race.Contender c -> c.reply(frame, System.nanoTime());
                case Replay r -> r.reply(frame, System.nanoTime());
                case Held h -> {
                    if (frame instanceof SealedFrame sealed) {
                        sealed(h, sealed);
                    }
                }
                default -> {}
            }
            if (session == null && owner instanceof Held) {
                return;
            }
        }
    }

    /**
     * A sealed frame on one of the racer's sockets. Like an agent, it opens frames only with its current attachment's
     * keys, whichever socket they came over: a frame of an attachment it left (or of a second winner) is refused and
     * logged, never accepted.
     */
    private void sealed(Held held, SealedFrame frame) {
        if (session == null) {
            return;
        }
        var live = session.live;
        var node = held.link.node();
        switch (live.channel.open(frame)) {
            case OpenResult.Rejected rejected ->
                log.rejectedFrame(
                        session.id,
                        frame.attachmentVersion(),
                        node,
                        rejected.failure().name());
            case OpenResult.Opened opened -> {
                switch (opened.message()) {
                    case Data ignored -> log.accepted(session.id, live.version, node);
                    case HeartbeatAck ignored -> {}
                    case StateUpdate update -> {
                        if (update.kind() == StateUpdate.Kind.COMMIT && update.version() > session.confirmed) {
                            session.confirmed = update.version();
                            session.highest = Math.max(session.highest, update.version());
                            log.state(
                                    session.id,
                                    SessionStateName.valueOf(update.to().name()),
                                    update.version());
                        }
                    }
                    case Terminate terminate -> {
                        log.terminated(session.id, terminate.code().name(), terminate.version());
                        dropSession(System.nanoTime());
                    }
                    default -> {}
                }
            }
        }
    }

    void regression() {
        anomalies.versionRegression();
        end(TerminationCode.STORE_STATE_LOST);
    }

    /** Ends the session for the racer's own reason: TERMINATE over the live attachment, then the history line. */
    void end(TerminationCode code) {
        var live = session.live;
        live.link.send(live.channel.seal(new Terminate(code, session.confirmed)));
        log.terminated(session.id, code.name(), session.highest);
        dropSession(System.nanoTime());
    }

    private void dropSession(long now) {
        session.live.link.close();
        session.left.forEach(held -> held.link.close());
        if (race != null) {
            race.abandon(now, "the session ended during the race");
            race = null;
        }
        session = null;
        toReplay = null;
        nextBirthAt = now + REBIRTH_NANOS;
    }

    // ---- races --------------------------------------------------------------------------------------------------

    /** After a race: adopt the winner (or the current version), keep what it left, plan a replay. */
    private void conclude(Race finished, long now) {
        if (session == null) {
            return;
        }
        var winners = finished.winners();
        if (winners.size() > 1) {
            anomalies.severalWinners();
        }
        if (winners.isEmpty()) {
            finished.closeLinks();
            var verdict = finished.refusalVerdict(session.highest);
            switch (verdict) {
                case Race.Verdict.Adopt adopt -> {
                    session.confirmed = adopt.version();
                    session.highest = adopt.version();
                }
                case Race.Verdict.Regressed ignored -> regression();
                case Race.Verdict.Ends ends -> end(ends.code());
                case Race.Verdict.Nothing ignored -> {}
            }
            return;
        }
        Race.Contender adopted = null;
        for (var winner : winners) {
            log.attached(
                    session.id, winner.attachment().version(), winner.link().node());
            if (adopted == null
                    || winner.attachment().version() > adopted.attachment().version()) {
                adopted = winner;
            }
        }
        var previous = session.live;
        previous.expiresAt = now + leftForNanos;
        session.left.add(previous);
        for (var winner : winners) {
            var held = new Held(winner.link(), winner.attachment());
            winner.link().owner(held);
            if (winner == adopted) {
                session.live = held;
            } else {
                held.expiresAt = now + leftForNanos;
                session.left.add(held);
            }
        }
        finished.closeLosers();
        session.confirmed = adopted.attachment().version();
        session.highest = Math.max(session.highest, session.confirmed);
        session.live.heartbeats = 0;
        if (random.nextBoolean()) {
            toReplay = adopted.captured(session.id);
            replayAt = now + random.nextLong(500, 2_501) * MS;
        }
    }

    // ---- for Race and Replay ------------------------------------------------------------------------------------

    Selector selector() {
        return selector;
    }

    AgentCrypto crypto() {
        return crypto;
    }

    RunHistory history() {
        return history;
    }

    String name() {
        return name;
    }

    Anomalies anomalies() {
        return anomalies;
    }

    /** Hands out {@code count} fresh nonces for the session. */
    long nonces(int count) {
        long first = session.nonce + 1;
        session.nonce += count;
        return first;
    }

    private void finish() {
        long now = System.nanoTime();
        if (birth != null) {
            history.completed(birth.invoke.info(now, "the racer stopped"));
            birth.link.close();
            birth = null;
        }
        if (race != null) {
            race.abandon(now, "the racer stopped");
            race = null;
        }
        if (replay != null) {
            replay.abandon(now, "the racer stopped");
            replay = null;
        }
        if (session != null) {
            end(TerminationCode.OPERATOR_TERMINATE);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left registered
        }
    }
}
