package io.jumpingvpn.gateway.testing;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.PendingHandshake;
import io.jumpingvpn.protocol.crypto.PendingReattach;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A raw agent for tests, over a real UDP or TCP socket, built from the protocol module: it can run a proper handshake
 * and reattach, or send any frame it is given. Frames are exchanged synchronously with timeouts. Not thread-safe.
 */
public final class TestAgent implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TransportKind kind;
    private final InetSocketAddress gateway;
    private final InetAddress localAddress;
    private final AgentCrypto crypto;
    private TestSocket socket;
    private Attachment attachment;
    private SecureChannel channel;
    private long nonce;
    private long heartbeatSequence;
    private final List<TunnelMessage> skipped = new ArrayList<>();

    private TestAgent(
            TransportKind kind,
            InetSocketAddress gateway,
            InetAddress localAddress,
            KeyDirectory.AgentKeys keys,
            Clock clock) {
        this.kind = kind;
        this.gateway = gateway;
        this.localAddress = localAddress;
        this.crypto = new AgentCrypto(keys.agentKey(), keys.gatewayKey(), clock, RANDOM);
        connect();
    }

    public static TestAgent udp(InetSocketAddress gateway, KeyDirectory.AgentKeys keys) {
        return new TestAgent(TransportKind.UDP, gateway, InetAddress.getLoopbackAddress(), keys, Clock.systemUTC());
    }

    public static TestAgent tcp(InetSocketAddress gateway, KeyDirectory.AgentKeys keys) {
        return new TestAgent(TransportKind.TCP, gateway, InetAddress.getLoopbackAddress(), keys, Clock.systemUTC());
    }

    /** An agent whose socket is bound to {@code localAddress} (another loopback address is another source IP). */
    public static TestAgent over(
            TransportKind kind,
            InetSocketAddress gateway,
            KeyDirectory.AgentKeys keys,
            InetAddress localAddress,
            Clock clock) {
        return new TestAgent(kind, gateway, localAddress, keys, clock);
    }

    private void connect() {
        socket = new TestSocket(kind, gateway, localAddress);
    }

    /** Drops the socket and opens a new one: a new source port, like a NAT rebinding (or a new TCP connection). */
    public void rebind() {
        closeSocket();
        connect();
    }

    public TransportKind kind() {
        return kind;
    }

    public AgentCrypto crypto() {
        return crypto;
    }

    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** The candidate describing this agent's transport, as it dialled it. */
    public Candidate candidate() {
        return new Candidate(kind, gateway.getAddress().getHostAddress() + ":" + gateway.getPort());
    }

    public String sessionId() {
        return attachment.sessionId();
    }

    public long version() {
        return attachment.version();
    }

    public Attachment attachment() {
        return attachment;
    }

    public SecureChannel channel() {
        return channel;
    }

    /** Uses {@code other}'s attachment (to send sealed frames of that attachment from this socket). */
    public void adopt(Attachment newAttachment) {
        this.attachment = requireNonNull(newAttachment, "newAttachment");
        this.channel = SecureChannel.of(newAttachment, newAttachment.terms().replayWindow());
    }

    public void useChannelOf(TestAgent other) {
        this.attachment = other.attachment;
        this.channel = other.channel;
    }

    // ---- raw frames ----

    public void send(Frame frame) {
        sendBytes(FrameCodec.encode(frame));
    }

    public void sendBytes(byte[] bytes) {
        socket.send(bytes);
    }

    /** The next frame within {@code timeout}, empty on timeout. A frame that does not decode fails the test. */
    public Optional<Frame> receive(Duration timeout) {
        var bytes = receiveBytes(timeout);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        var decoded = FrameCodec.decode(bytes.get());
        if (decoded instanceof DecodeResult.Dropped dropped) {
            throw new AssertionError("the gateway sent a frame that does not decode: " + dropped);
        }
        return Optional.of(((DecodeResult.Decoded) decoded).frame());
    }

    public Optional<byte[]> receiveBytes(Duration timeout) {
        return socket.receive(timeout.toMillis());
    }

    /** Receives until a frame of {@code type} comes (others are skipped), or fails after {@code timeout}. */
    public <T extends Frame> T expect(Class<T> type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
            }
            var frame = receive(Duration.ofNanos(left));
            if (frame.isPresent() && type.isInstance(frame.get())) {
                return type.cast(frame.get());
            }
            frame.ifPresent(this::skip);
        }
    }

    private void skip(Frame frame) {
        if (frame instanceof SealedFrame sealed && channel != null) {
            if (channel.open(sealed) instanceof OpenResult.Opened opened) {
                skipped.add(opened.message());
            }
        }
    }

    // ---- handshake ----

    /** A full handshake (answering a cookie challenge if one comes); on success the agent holds the attachment. */
    public ReplyOutcome handshake() {
        return handshake(crypto.startHandshake(), Duration.ofSeconds(10));
    }

    public ReplyOutcome handshake(PendingHandshake pending, Duration timeout) {
        send(pending.init());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no answer to the handshake within " + timeout);
            }
            var frame = receive(Duration.ofNanos(left));
            if (frame.isEmpty()) {
                continue;
            }
            ReplyOutcome outcome;
            switch (frame.get()) {
                case CookieChallenge challenge -> {
                    pending.answer(challenge).ifPresent(this::send);
                    continue;
                }
                case HandshakeAck ack -> outcome = pending.complete(ack);
                case HandshakeReject reject -> outcome = pending.complete(reject);
                default -> {
                    continue;
                }
            }
            if (outcome instanceof ReplyOutcome.Invalid) {
                continue;
            }
            if (outcome instanceof ReplyOutcome.Established established) {
                adopt(established.attachment());
            }
            return outcome;
        }
    }

    /** A handshake that must succeed. */
    public Attachment attach() {
        var outcome = handshake();
        if (!(outcome instanceof ReplyOutcome.Established established)) {
            throw new AssertionError("the handshake failed: " + outcome);
        }
        return established.attachment();
    }

    // ---- reattach ----

    public long nextNonce() {
        return ++nonce;
    }

    /** A signed reattach request of this agent's session at {@code expectedVersion}, over this transport. */
    public PendingReattach reattachRequest(String sessionId, long expectedVersion, long requestNonce) {
        return crypto.startReattach(sessionId, expectedVersion, requestNonce, candidate());
    }

    /** Reattaches this agent's session at {@code expectedVersion} with a fresh nonce; adopts the new attachment. */
    public ReplyOutcome reattach(long expectedVersion) {
        return reattach(reattachRequest(sessionId(), expectedVersion, nextNonce()), Duration.ofSeconds(10));
    }

    public ReplyOutcome reattach(PendingReattach pending, Duration timeout) {
        send(pending.request());
        return awaitReply(pending, timeout);
    }

    /** Waits for the answer to {@code pending} (already sent); adopts the attachment on success. */
    public ReplyOutcome awaitReply(PendingReattach pending, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no answer to the reattach within " + timeout);
            }
            var frame = receive(Duration.ofNanos(left));
            if (frame.isEmpty()) {
                continue;
            }
            ReplyOutcome outcome;
            if (frame.get() instanceof ReattachAck ack) {
                outcome = pending.complete(ack);
            } else if (frame.get() instanceof ReattachReject reject) {
                outcome = pending.complete(reject);
            } else {
                skip(frame.get());
                continue;
            }
            if (outcome instanceof ReplyOutcome.Invalid) {
                continue;
            }
            if (outcome instanceof ReplyOutcome.Established established) {
                adopt(established.attachment());
            }
            return outcome;
        }
    }

    // ---- sealed traffic ----

    public void sendData(byte[] payload) {
        sendBytes(channel.seal(Data.of(payload)));
    }

    public void seal(TunnelMessage message) {
        sendBytes(channel.seal(message));
    }

    /** Sends a heartbeat confirming {@code confirmedVersion}; returns its sequence number. */
    public long heartbeat(long confirmedVersion) {
        long sequence = heartbeatSequence++;
        seal(new Heartbeat(sequence, System.nanoTime() & Long.MAX_VALUE, confirmedVersion));
        return sequence;
    }

    /** Skips {@code count} heartbeat sequence numbers, as if they were lost. */
    public void loseHeartbeats(int count) {
        heartbeatSequence += count;
    }

    /** The next message of {@code type} opened under the current attachment (others are kept aside). */
    public <T extends TunnelMessage> T expectMessage(Class<T> type, Duration timeout) {
        for (var it = skipped.iterator(); it.hasNext(); ) {
            var message = it.next();
            if (type.isInstance(message)) {
                it.remove();
                return type.cast(message);
            }
        }
        var message = awaitMessage(type, timeout);
        return message.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " within " + timeout));
    }

    /** Like {@link #expectMessage} but empty on timeout. */
    public <T extends TunnelMessage> Optional<T> awaitMessage(Class<T> type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            var frame = receive(Duration.ofNanos(left));
            if (frame.isEmpty() || !(frame.get() instanceof SealedFrame sealed)) {
                continue;
            }
            if (channel.open(sealed) instanceof OpenResult.Opened opened) {
                if (type.isInstance(opened.message())) {
                    return Optional.of(type.cast(opened.message()));
                }
                skipped.add(opened.message());
            }
        }
    }

    /** The payload of the next DATA frame of the current attachment. */
    public byte[] expectData(Duration timeout) {
        return expectMessage(Data.class, timeout).payloadBytes();
    }

    /** Whether any frame at all arrives within {@code window}. */
    public boolean receivesAnything(Duration window) {
        return receiveBytes(window).isPresent();
    }

    private void closeSocket() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() {
        closeSocket();
    }
}
