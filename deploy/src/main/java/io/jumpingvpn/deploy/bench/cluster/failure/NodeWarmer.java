package io.jumpingvpn.deploy.bench.cluster.failure;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.RawHandshake;
import io.jumpingvpn.deploy.bench.rig.RawLink;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms the surviving nodes up before the failure, as nodes of a running cluster are: a raw client births a few
 * sessions there and reattaches them from one node to the other, one request at a time, for a while, so that the
 * nodes' reattach and hand-over paths are compiled by the JIT before the failed node's sessions arrive. Every request
 * leaves from another loopback address (127.2.x.y), as the agents' do, so that the nodes' per-source limits do not
 * hold it back. Returns how many reattaches were accepted.
 */
final class NodeWarmer {

    private static final int SESSIONS = 20;
    private static final long ANSWER_NANOS = 1_000_000_000L;
    private static final int SOURCES = 5_000;

    private final List<InetSocketAddress> nodes;
    private final AgentCrypto crypto;
    private int nextSource;

    private NodeWarmer(List<InetSocketAddress> nodes, AgentCrypto crypto) {
        this.nodes = List.copyOf(nodes);
        this.crypto = crypto;
    }

    /** One warm-up session: where it is and what it last had confirmed. */
    private static final class Warm {
        final String id;
        long version;
        long nonce;
        int at;

        Warm(String id, long version, int at) {
            this.id = id;
            this.version = version;
            this.at = at;
        }
    }

    static long warm(List<InetSocketAddress> nodes, AgentCrypto crypto, Duration duration) {
        requireNonNull(nodes, "nodes");
        requireNonNull(crypto, "crypto");
        if (duration.isZero()) {
            return 0;
        }
        return new NodeWarmer(nodes, crypto).run(duration);
    }

    private long run(Duration duration) {
        var sessions = new ArrayList<Warm>();
        try {
            for (int i = 0; i < SESSIONS; i++) {
                try (var link = RawLink.open(TransportKind.UDP, nodes.get(i % nodes.size()), nextSource())) {
                    var born = RawHandshake.run(link, crypto).attachment();
                    sessions.add(new Warm(born.sessionId(), born.version(), i % nodes.size()));
                }
            }
            long accepted = 0;
            long deadline = System.nanoTime() + duration.toNanos();
            for (int i = 0; System.nanoTime() < deadline; i = (i + 1) % sessions.size()) {
                if (reattach(sessions.get(i))) {
                    accepted++;
                }
            }
            return accepted;
        } catch (IOException e) {
            throw new UserError("warming the nodes up failed: " + e.getMessage(), e);
        }
    }

    /** The next of {@value #SOURCES} loopback addresses 127.2.x.y, round robin. */
    private InetAddress nextSource() throws IOException {
        int k = nextSource;
        nextSource = (nextSource + 1) % SOURCES;
        return InetAddress.getByAddress(new byte[] {127, 2, (byte) (k / 250), (byte) (k % 250 + 1)});
    }

    /** Moves {@code warm} to the next node over a new socket; false when it was not accepted. */
    private boolean reattach(Warm warm) throws IOException {
        int target = (warm.at + 1) % nodes.size();
        try (var link = RawLink.open(TransportKind.UDP, nodes.get(target), nextSource())) {
            var pending = crypto.startReattach(warm.id, warm.version, ++warm.nonce, link.candidate());
            link.send(FrameCodec.encode(pending.request()));
            long deadline = System.nanoTime() + ANSWER_NANOS;
            while (System.nanoTime() < deadline) {
                var frame = link.receive(deadline - System.nanoTime());
                if (frame.isEmpty() || !(FrameCodec.decode(frame.get()) instanceof DecodeResult.Decoded decoded)) {
                    continue;
                }
                var outcome =
                        switch (decoded.frame()) {
                            case ReattachAck ack -> pending.complete(ack);
                            case ReattachReject reject -> pending.complete(reject);
                            default -> null;
                        };
                switch (outcome) {
                    case ReplyOutcome.Established established -> {
                        warm.version = established.attachment().version();
                        warm.at = target;
                        return true;
                    }
                    case ReplyOutcome.Rejected rejected -> {
                        rejected.currentVersion().ifPresent(current -> warm.version = current);
                        return false;
                    }
                    case null, default -> {}
                }
            }
            return false;
        }
    }
}
