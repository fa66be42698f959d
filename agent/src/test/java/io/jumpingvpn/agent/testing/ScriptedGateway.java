package io.jumpingvpn.agent.testing;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.GatewayCrypto;
import io.jumpingvpn.protocol.crypto.Verification;
import io.jumpingvpn.protocol.crypto.VerifiedInit;
import io.jumpingvpn.protocol.crypto.VerifiedReattach;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * A gateway node for the agent's integration tests, scripted per test: real sockets on loopback (UDP or TCP with the
 * 2-byte length prefix), real keys, and the protocol module's {@link GatewayCrypto} and {@link SecureChannel}, so the
 * agent talks to it exactly as to a gateway. What it answers to handshakes, reattaches and heartbeats is set by the
 * test; by default it behaves like a correct single node. Several scripted gateways may share one {@link SessionTable}
 * (nodes of one cluster).
 */
public final class ScriptedGateway implements AutoCloseable {

    /** What to answer to a HANDSHAKE_INIT. */
    public sealed interface HandshakeScript {
        record Accept() implements HandshakeScript {}

        /** Answer a COOKIE_CHALLENGE unless the INIT carries a cookie, then accept. */
        record CookieFirst() implements HandshakeScript {}

        record Reject(RejectCode code) implements HandshakeScript {}

        record Ignore() implements HandshakeScript {}
    }

    /** What to answer to a REATTACH_REQUEST (after the scripted gateway verified its signature). */
    public sealed interface ReattachScript {
        /** Behave like a correct node: nonce, version, commit. */
        record Accept() implements ReattachScript {}

        record Reject(RejectCode code, OptionalLong currentVersion) implements ReattachScript {}

        record Redirect(Candidate target) implements ReattachScript {}

        record Ignore() implements ReattachScript {}

        static ReattachScript reject(RejectCode code) {
            return new Reject(code, OptionalLong.empty());
        }
    }

    private final SessionTable table;
    private final GatewayCrypto crypto;
    private final Wire wire;
    private final Candidate endpoint;
    private final Map<String, byte[]> replies = new ConcurrentHashMap<>();

    public volatile HandshakeScript onHandshake = new HandshakeScript.Accept();
    public volatile Function<ReattachRequest, ReattachScript> onReattach = request -> new ReattachScript.Accept();
    public volatile boolean answerHeartbeats = true;
    /** Heartbeat sequences whose answer is dropped. */
    public volatile LongPredicate dropAnswerTo = sequence -> false;
    /** When present, the version HEARTBEAT_ACKs report instead of the table's. */
    public volatile OptionalLong reportedVersion = OptionalLong.empty();

    public volatile boolean echoData = true;
    public volatile boolean commitProposals = true;

    public final List<ReattachRequest> reattachRequests = new CopyOnWriteArrayList<>();
    public final List<HandshakeInit> handshakes = new CopyOnWriteArrayList<>();
    public final List<byte[]> data = new CopyOnWriteArrayList<>();
    public final List<StateUpdate> proposals = new CopyOnWriteArrayList<>();
    public final List<Terminate> terminations = new CopyOnWriteArrayList<>();
    public final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    public final AtomicInteger refusedSealed = new AtomicInteger();

    private ScriptedGateway(SessionTable table, TransportKind kind) throws IOException {
        this.table = requireNonNull(table, "table");
        this.crypto = new GatewayCrypto(
                table.keys.gatewayKey(), Clock.systemUTC(), new SecureRandom(), Duration.ofSeconds(5));
        this.wire = kind == TransportKind.UDP ? Wire.udp(this::onBytes) : Wire.tcp(this::onBytes);
        this.endpoint = new Candidate(kind, "127.0.0.1:" + wire.port());
    }

    public static ScriptedGateway udp(SessionTable table) throws IOException {
        return new ScriptedGateway(table, TransportKind.UDP);
    }

    public static ScriptedGateway tcp(SessionTable table) throws IOException {
        return new ScriptedGateway(table, TransportKind.TCP);
    }

    /** The candidate an agent dials to reach this gateway. */
    public Candidate candidate() {
        return endpoint;
    }

    public SessionTable table() {
        return table;
    }

    private void onBytes(byte[] bytes, Wire.Peer peer) {
        if (!(FrameCodec.decode(bytes) instanceof DecodeResult.Decoded decoded)) {
            return;
        }
        if (decoded.frame() instanceof HandshakeInit || decoded.frame() instanceof ReattachRequest) {
            // A resent request (the same bytes) gets the same answer, like a gateway whose store answers a repeated
            // request id with the original outcome: a second key agreement would leave the agent with other keys.
            var key = HexFormat.of().formatHex(bytes);
            var earlier = replies.get(key);
            if (earlier != null) {
                peer.send(earlier);
                return;
            }
            onFrame(decoded.frame(), new Wire.Peer() {
                @Override
                public void send(byte[] frame) {
                    replies.put(key, frame);
                    peer.send(frame);
                }

                @Override
                public java.net.SocketAddress address() {
                    return peer.address();
                }
            });
            return;
        }
        onFrame(decoded.frame(), peer);
    }

    private void onFrame(Frame frame, Wire.Peer peer) {
        switch (frame) {
            case HandshakeInit init -> onInit(init, peer);
            case ReattachRequest request -> onReattach(request, peer);
            case SealedFrame sealed -> onSealed(sealed, peer);
            default -> {}
        }
    }

    private void onInit(HandshakeInit init, Wire.Peer peer) {
        handshakes.add(init);
        var script = onHandshake;
        if (script instanceof HandshakeScript.Ignore) {
            return;
        }
        if (script instanceof HandshakeScript.CookieFirst && init.cookie().isEmpty()) {
            var cookie = new byte[Cookie.LENGTH];
            new SecureRandom().nextBytes(cookie);
            peer.send(FrameCodec.encode(new CookieChallenge(init.handshakeId(), Cookie.of(cookie))));
            return;
        }
        if (script instanceof HandshakeScript.Reject reject) {
            peer.send(FrameCodec.encode(crypto.rejectInit(init, reject.code())));
            return;
        }
        switch (crypto.verifyInit(init, table.allowlist)) {
            case Verification.Refused<VerifiedInit> refused ->
                peer.send(FrameCodec.encode(crypto.rejectInit(init, refused.code())));
            case Verification.Valid<VerifiedInit> valid -> {
                var accepted = crypto.acceptInit(valid.value(), table.sessionId, 1, terms());
                table.born(SecureChannel.of(accepted.attachment(), table.policy.replayWindow()), peer, this);
                peer.send(FrameCodec.encode(accepted.reply()));
            }
        }
    }

    private void onReattach(ReattachRequest request, Wire.Peer peer) {
        reattachRequests.add(request);
        var script = onReattach.apply(request);
        switch (script) {
            case ReattachScript.Ignore ignore -> {}
            case ReattachScript.Redirect redirect ->
                peer.send(FrameCodec.encode(
                        crypto.redirect(request.sessionId(), RedirectReason.NOT_OWNER, redirect.target())));
            case ReattachScript.Reject reject ->
                peer.send(FrameCodec.encode(crypto.rejectReattach(request, reject.code(), reject.currentVersion())));
            case ReattachScript.Accept accept -> {
                switch (crypto.verifyReattach(request, table.allowlist)) {
                    case Verification.Refused<VerifiedReattach> refused ->
                        peer.send(FrameCodec.encode(
                                crypto.rejectReattach(request, refused.code(), OptionalLong.empty())));
                    case Verification.Valid<VerifiedReattach> valid -> commitReattach(valid.value(), peer);
                }
            }
        }
    }

    private void commitReattach(VerifiedReattach request, Wire.Peer peer) {
        synchronized (table) {
            if (!request.sessionId().equals(table.sessionId) || table.state == null) {
                peer.send(reject(request, RejectCode.SESSION_NOT_FOUND, OptionalLong.empty()));
                return;
            }
            if (request.nonce() <= table.lastNonce) {
                peer.send(reject(request, RejectCode.REPLAY_DETECTED, OptionalLong.empty()));
                return;
            }
            if (request.expectedVersion() != table.version) {
                peer.send(reject(request, RejectCode.STALE_VERSION, OptionalLong.of(table.version)));
                return;
            }
            // X -> RECOVERING -> ATTACHED is two transitions, one if the table already holds RECOVERING.
            long newVersion = table.version + (table.state == SessionState.RECOVERING ? 1 : 2);
            var accepted = crypto.acceptReattach(request, newVersion, terms());
            table.rebind(SecureChannel.of(accepted.attachment(), table.policy.replayWindow()), peer, this, newVersion);
            table.lastNonce = request.nonce();
            peer.send(FrameCodec.encode(accepted.reply()));
        }
    }

    private byte[] reject(VerifiedReattach request, RejectCode code, OptionalLong current) {
        return FrameCodec.encode(crypto.rejectReattach(request.request(), code, current));
    }

    private void onSealed(SealedFrame sealed, Wire.Peer peer) {
        var channel = table.channel();
        if (channel == null || !(channel.open(sealed) instanceof OpenResult.Opened opened)) {
            refusedSealed.incrementAndGet();
            return;
        }
        switch (opened.message()) {
            case Heartbeat heartbeat -> {
                heartbeats.add(heartbeat);
                if (answerHeartbeats && !dropAnswerTo.test(heartbeat.sequence())) {
                    long version = reportedVersion.orElse(table.version());
                    peer.send(channel.seal(new HeartbeatAck(heartbeat.sequence(), heartbeat.timestamp(), version)));
                }
            }
            case Data payload -> {
                data.add(payload.payloadBytes());
                if (echoData) {
                    peer.send(channel.seal(payload));
                }
            }
            case StateUpdate update -> {
                proposals.add(update);
                if (commitProposals) {
                    table.commitLive(update).ifPresent(commit -> peer.send(channel.seal(commit)));
                }
            }
            case Terminate terminate -> terminations.add(terminate);
            case HeartbeatAck ack -> refusedSealed.incrementAndGet();
        }
    }

    /** Sends {@code message} over the current binding (whichever scripted gateway holds it). */
    public void sendToAgent(TunnelMessage message) {
        var channel = table.channel();
        table.peer().send(channel.seal(message));
    }

    /** Sends {@code message} sealed under the binding before the last reattach, to the agent's current address. */
    public void sendWithPreviousBinding(TunnelMessage message) {
        table.peer().send(table.previousChannel().seal(message));
    }

    /** Commits a live transition on the gateway's own initiative and announces it. */
    public void commitOnOwnInitiative(SessionState from, SessionEvent event, SessionState to) {
        sendToAgent(table.commitOwn(from, event, to));
    }

    public void terminate(TerminationCode code) {
        sendToAgent(new Terminate(code, table.version()));
    }

    private SessionTerms terms() {
        return SessionTerms.of(table.policy, table.policy.sessionMaxLifetime().toMillis());
    }

    /** Stops answering and closes the sockets (a dead node). */
    @Override
    public void close() {
        wire.close();
    }

    @Override
    public String toString() {
        return "ScriptedGateway[" + endpoint + "]";
    }

    /** The version of {@code table} as announced by a commit (for tests that script regressions). */
    static StateUpdate commitOf(SessionState from, SessionEvent event, SessionState to, long version) {
        return StateUpdate.commit(Transition.committed(from, event, to, version));
    }
}
