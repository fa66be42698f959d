package io.jumpingvpn.deploy.bench.reattach;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.deploy.bench.rig.StreamFrames;
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
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw reattach client: one thread and one selector. Slot {@code k} of the schedule is due at
 * {@code start + k / rate} whatever happened to earlier slots (open loop: a slow answer does not delay the next
 * request, so it cannot hide latency); it reattaches session {@code k mod N} over a NEW socket (a new UDP source
 * port, or a new TCP connection), as an agent does. The request for the next slot is signed ahead, while waiting,
 * so that a slot's latency is the exchange: request sent, gateway work, ACK received and verified (signature, key
 * agreement, key derivation). Each accepted reattach is also measured from its slot's scheduled instant, which adds
 * the client's own delays (opening the socket, a verification still running when the slot came). UDP requests unanswered for 500 ms are resent unchanged, as an agent does.
 */
final class ReattachClient implements AutoCloseable {

    private static final long ANSWER_TIMEOUT_NANOS = 5_000_000_000L;
    private static final long RESEND_NANOS = 500_000_000L;
    private static final long SWEEP_NANOS = 10_000_000L;
    private static final long LEAD_NANOS = 100_000_000L;

    private final ReattachSettings settings;
    private final AgentCrypto crypto;
    private final InetSocketAddress gateway;
    private final Candidate candidate;
    private final List<ReattachSession> sessions;
    private final PrintStream progress;
    private final Selector selector;
    private final Set<Attempt> inFlight = new HashSet<>();
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(WireFormat.MAX_FRAME_SIZE + 1);
    private final ReattachTally tally = new ReattachTally();

    private long measureStart;
    private Prepared prepared;

    /** A signed request ready for its slot. */
    private record Prepared(long slot, ReattachSession session, PendingReattach pending, byte[] request) {}

    /** One reattach on the wire. */
    private static final class Attempt {
        final ReattachSession session;
        final PendingReattach pending;
        final byte[] request;
        final long scheduledNanos;
        final boolean measured;
        final SelectableChannel channel;
        final ByteBuffer stream;
        long sentNanos;
        long lastSendNanos;

        Attempt(Prepared prepared, long scheduledNanos, boolean measured, SelectableChannel channel) {
            this.session = prepared.session();
            this.pending = prepared.pending();
            this.request = prepared.request();
            this.scheduledNanos = scheduledNanos;
            this.measured = measured;
            this.channel = channel;
            this.stream = channel instanceof SocketChannel ? ByteBuffer.allocate(4 * 1024) : null;
        }
    }

    ReattachClient(
            ReattachSettings settings,
            AgentCrypto crypto,
            InetSocketAddress gateway,
            List<ReattachSession> sessions,
            PrintStream progress)
            throws IOException {
        this.settings = requireNonNull(settings, "settings");
        this.crypto = requireNonNull(crypto, "crypto");
        this.gateway = requireNonNull(gateway, "gateway");
        this.candidate = new Candidate(settings.transport(), gateway.getHostString() + ":" + gateway.getPort());
        this.sessions = List.copyOf(sessions);
        this.progress = requireNonNull(progress, "progress");
        this.selector = Selector.open();
    }

    ReattachTally run() throws IOException {
        long start = System.nanoTime() + LEAD_NANOS;
        measureStart = start + settings.warmup().toNanos();
        long end = measureStart + settings.duration().toNanos();
        long giveUp = end + ANSWER_TIMEOUT_NANOS + 1_000_000_000L;
        long slot = 0;
        long next = start;
        long lastSweep = start;
        long nextReport = measureStart + 1_000_000_000L;
        long windowClientCpu = -1;
        long windowGatewayCpu = -1;
        long windowStart = 0;
        prepare(0);
        while (true) {
            long now = System.nanoTime();
            if (windowClientCpu < 0 && now >= measureStart) {
                windowStart = now;
                windowClientCpu = CpuClock.currentThread();
                windowGatewayCpu = CpuClock.threadsNamed("jvpn-");
            }
            while (next <= now && next < end) {
                issue(slot, next);
                slot++;
                next = start + Math.round(slot * 1e9 / settings.rate());
                prepare(slot);
            }
            if (next >= end && tally.wallNanos() == 0 && now >= end) {
                tally.window(
                        CpuClock.currentThread() - windowClientCpu,
                        CpuClock.threadsNamed("jvpn-") - windowGatewayCpu,
                        now - windowStart);
            }
            if ((now >= end && inFlight.isEmpty()) || now > giveUp) {
                break;
            }
            if (now >= nextReport) {
                nextReport += 1_000_000_000L;
                report(now);
            }
            await(Math.min(next, now + SWEEP_NANOS) - now);
            handleReady();
            if (System.nanoTime() - lastSweep >= SWEEP_NANOS) {
                lastSweep = System.nanoTime();
                sweep(lastSweep);
            }
        }
        for (var attempt : List.copyOf(inFlight)) {
            if (attempt.measured) {
                tally.onUnanswered();
            }
            finish(attempt, false);
        }
        return tally;
    }

    /** Signs the request of slot {@code slot} now if its session is free, so that the slot only has to send it. */
    private void prepare(long slot) {
        var session = sessions.get((int) (slot % sessions.size()));
        if (session.busy) {
            prepared = null;
            return;
        }
        var pending = crypto.startReattach(session.id, session.version, session.nonce + 1, candidate);
        prepared = new Prepared(slot, session, pending, FrameCodec.encode(pending.request()));
    }

    private void issue(long slot, long scheduledNanos) throws IOException {
        boolean measured = scheduledNanos >= measureStart;
        var session = sessions.get((int) (slot % sessions.size()));
        if (session.busy) {
            if (measured) {
                tally.onSkippedBusy();
            }
            return;
        }
        if (prepared == null
                || prepared.slot() != slot
                || prepared.pending().request().expectedVersion() != session.version) {
            prepare(slot);
        }
        var ready = prepared;
        prepared = null;
        session.nonce = ready.pending().request().nonce();
        session.busy = true;
        var channel = open();
        var attempt = new Attempt(ready, scheduledNanos, measured, channel);
        inFlight.add(attempt);
        if (measured) {
            tally.onAttempt();
        }
        if (channel instanceof SocketChannel tcp && !tcp.finishConnect()) {
            channel.register(selector, SelectionKey.OP_CONNECT, attempt);
        } else {
            send(attempt);
            channel.register(selector, SelectionKey.OP_READ, attempt);
        }
        attempt.sentNanos = System.nanoTime();
        if (measured) {
            tally.onSent(attempt.sentNanos - scheduledNanos);
        }
    }

    private SelectableChannel open() throws IOException {
        if (settings.transport() == TransportKind.UDP) {
            var udp = DatagramChannel.open();
            udp.bind(new InetSocketAddress(gateway.getAddress(), 0));
            udp.connect(gateway);
            udp.configureBlocking(false);
            return udp;
        }
        var tcp = SocketChannel.open();
        tcp.setOption(StandardSocketOptions.TCP_NODELAY, true);
        tcp.configureBlocking(false);
        tcp.connect(gateway);
        return tcp;
    }

    private void send(Attempt attempt) throws IOException {
        attempt.lastSendNanos = System.nanoTime();
        if (attempt.channel instanceof DatagramChannel udp) {
            udp.write(ByteBuffer.wrap(attempt.request));
            return;
        }
        var out = StreamFrames.prefixed(attempt.request);
        // A fresh connection's send buffer takes a 200-byte frame whole.
        if (((SocketChannel) attempt.channel).write(out) != out.limit()) {
            throw new IOException("a new TCP connection did not take a " + out.limit() + "-byte request at once");
        }
    }

    private void await(long nanos) throws IOException {
        if (nanos > 2_000_000) {
            selector.select(Math.max(1, (nanos - 1_000_000) / 1_000_000));
        } else if (selector.selectNow() == 0 && nanos > 0) {
            LockSupport.parkNanos(Math.min(nanos, 50_000));
        }
    }

    private void handleReady() throws IOException {
        var keys = selector.selectedKeys();
        for (var key : keys) {
            var attempt = (Attempt) key.attachment();
            if (!key.isValid() || !inFlight.contains(attempt)) {
                continue;
            }
            try {
                if (key.isConnectable()) {
                    ((SocketChannel) attempt.channel).finishConnect();
                    send(attempt);
                    key.interestOps(SelectionKey.OP_READ);
                } else if (key.isReadable()) {
                    read(attempt);
                }
            } catch (IOException e) {
                if (attempt.measured) {
                    tally.onUnanswered();
                }
                progress.println("  a reattach over " + attempt.channel + " failed: " + e);
                finish(attempt, false);
            }
        }
        keys.clear();
    }

    private void read(Attempt attempt) throws IOException {
        if (attempt.channel instanceof DatagramChannel udp) {
            while (inFlight.contains(attempt)) {
                datagram.clear();
                if (udp.read(datagram) <= 0) {
                    return;
                }
                datagram.flip();
                var frame = new byte[datagram.remaining()];
                datagram.get(frame);
                onFrame(attempt, frame);
            }
            return;
        }
        int read = ((SocketChannel) attempt.channel).read(attempt.stream);
        for (var frame = StreamFrames.next(attempt.stream);
                frame.isPresent() && inFlight.contains(attempt);
                frame = StreamFrames.next(attempt.stream)) {
            onFrame(attempt, frame.get());
        }
        if (read < 0 && inFlight.contains(attempt)) {
            throw new IOException("the gateway closed the connection without an answer");
        }
    }

    private void onFrame(Attempt attempt, byte[] bytes) {
        var outcome = FrameCodec.decode(bytes) instanceof DecodeResult.Decoded decoded
                ? switch (decoded.frame()) {
                    case ReattachAck ack -> attempt.pending.complete(ack);
                    case ReattachReject reject -> attempt.pending.complete(reject);
                    default -> null;
                }
                : null;
        switch (outcome) {
            case null -> tally.onInvalidReply();
            case ReplyOutcome.Invalid invalid -> tally.onInvalidReply();
            case ReplyOutcome.Established established -> {
                if (attempt.measured) {
                    long now = System.nanoTime();
                    tally.onAccepted(now - attempt.sentNanos, now - attempt.scheduledNanos);
                }
                attempt.session.version = established.attachment().version();
                finish(attempt, true);
            }
            case ReplyOutcome.Rejected rejected -> {
                if (attempt.measured) {
                    tally.onRejected(rejected.code());
                }
                rejected.currentVersion().ifPresent(current -> attempt.session.version = current);
                finish(attempt, false);
            }
        }
    }

    private void sweep(long now) throws IOException {
        for (var attempt : new ArrayList<>(inFlight)) {
            if (now - attempt.sentNanos > ANSWER_TIMEOUT_NANOS) {
                if (attempt.measured) {
                    tally.onUnanswered();
                }
                finish(attempt, false);
            } else if (attempt.channel instanceof DatagramChannel && now - attempt.lastSendNanos > RESEND_NANOS) {
                send(attempt);
                tally.onResent();
            }
        }
    }

    /** Ends an attempt: its socket becomes the session's transport when accepted, and is closed otherwise. */
    private void finish(Attempt attempt, boolean accepted) {
        inFlight.remove(attempt);
        attempt.session.busy = false;
        var key = attempt.channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        if (accepted) {
            attempt.session.replaceTransport(attempt.channel);
            return;
        }
        try {
            attempt.channel.close();
        } catch (IOException ignored) {
            // a socket that fails to close is gone anyway
        }
    }

    private void report(long now) {
        progress.printf(
                "  [%5.1fs] attempts=%d accepted=%d rejected=%d unanswered=%d in flight=%d%n",
                (now - measureStart) / 1e9,
                tally.attempts(),
                tally.accepted(),
                tally.rejectedTotal(),
                tally.unanswered(),
                inFlight.size());
    }

    @Override
    public void close() {
        for (var attempt : List.copyOf(inFlight)) {
            finish(attempt, false);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // the selector's descriptors are released with the process at worst
        }
    }
}
