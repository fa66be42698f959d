package io.jumpingvpn.protocol.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.GatewayCrypto;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.crypto.Verification;
import io.jumpingvpn.protocol.crypto.VerifiedInit;
import io.jumpingvpn.protocol.crypto.VerifiedReattach;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.testing.MutableClock;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.Heartbeat;
import io.jumpingvpn.protocol.wire.HeartbeatAck;
import io.jumpingvpn.protocol.wire.MessageType;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.StateUpdate;
import io.jumpingvpn.protocol.wire.Terminate;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecureChannelUnitTests {

    private static final SessionTerms TERMS = new SessionTerms(500, 2000, 15000, 1_000_000, 2048);

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(1_767_225_600_000L);
    private final IdentityKeyPair agentKey = IdentityKeyPair.generate(random);
    private final IdentityKeyPair clusterKey = IdentityKeyPair.generate(random);
    private final AgentAllowlist allowlist = AgentAllowlist.of(agentKey.publicKey());
    private final AgentCrypto agent = new AgentCrypto(agentKey, clusterKey.publicKey(), clock, random);
    private final GatewayCrypto gateway = new GatewayCrypto(clusterKey, clock, random, Duration.ofSeconds(5));

    @Test
    void everyMessageTypeCrossesInBothDirections() {
        var pair = birth("sess-1");
        List<TunnelMessage> fromAgent = List.of(
                Data.of(new byte[1200]),
                Data.of(new byte[0]),
                new Heartbeat(1, 2, 1),
                new StateUpdate(
                        StateUpdate.Kind.PROPOSE,
                        SessionState.ATTACHED,
                        SessionState.VOLATILE,
                        SessionEvent.QUALITY_BELOW_FLOOR,
                        1),
                new Terminate(TerminationCode.OPERATOR_TERMINATE, 1));
        List<TunnelMessage> fromGateway = List.of(
                Data.of(new byte[] {9, 8, 7}),
                new HeartbeatAck(1, 2, 1),
                new StateUpdate(
                        StateUpdate.Kind.COMMIT,
                        SessionState.ATTACHED,
                        SessionState.VOLATILE,
                        SessionEvent.QUALITY_BELOW_FLOOR,
                        2),
                new Terminate(TerminationCode.SESSION_TTL_EXPIRED, 2));
        long counter = 0;
        for (var message : fromAgent) {
            assertThat(pair.gateway.open(sealed(pair.agent.seal(message))))
                    .isEqualTo(new OpenResult.Opened(message, counter++));
        }
        counter = 0;
        for (var message : fromGateway) {
            assertThat(pair.agent.open(sealed(pair.gateway.seal(message))))
                    .isEqualTo(new OpenResult.Opened(message, counter++));
        }
    }

    @Test
    void theDataPathWritesTheSameFrameAsTheGenericPath() {
        var pair = birth("sess-1");
        var payload = new byte[1200];
        random.nextBytes(payload);
        var out = ByteBuffer.allocateDirect(pair.agent.sealedLength(payload.length) + 5);
        out.position(5);
        var source = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
        pair.agent.sealData(source, out);
        assertThat(source.hasRemaining()).isFalse();
        assertThat(out.position()).isEqualTo(5 + pair.agent.sealedLength(payload.length));
        out.flip().position(5);
        var frame = (SealedFrame) ((DecodeResult.Decoded) FrameCodec.decode(out)).frame();
        assertThat(frame.type()).isEqualTo(MessageType.DATA);
        assertThat(pair.gateway.open(frame)).isEqualTo(new OpenResult.Opened(Data.of(payload), 0));

        assertThatThrownBy(() -> pair.agent.sealData(
                        ByteBuffer.allocate(WireFormat.MAX_DATA_PAYLOAD + 1), ByteBuffer.allocate(20_000)))
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> pair.agent.sealData(ByteBuffer.allocate(100), ByteBuffer.allocate(50)))
                .hasMessageContaining("needs");
    }

    @Test
    void replaysAndTooOldFramesAreRefused() {
        var born = birth("sess-1");
        var pair = new Pair(born.agentSide, born.gatewaySide, 64);
        var frames = new ArrayList<SealedFrame>();
        for (int i = 0; i < 200; i++) {
            frames.add(sealed(pair.agent.seal(new Heartbeat(i, i, 1))));
        }
        assertThat(pair.gateway.open(frames.get(199))).isInstanceOf(OpenResult.Opened.class);
        assertThat(pair.gateway.open(frames.get(199))).isEqualTo(rejected(OpenResult.Failure.REPLAYED));
        assertThat(pair.gateway.open(frames.get(150))).isInstanceOf(OpenResult.Opened.class);
        assertThat(pair.gateway.open(frames.get(150))).isEqualTo(rejected(OpenResult.Failure.REPLAYED));
        assertThat(pair.gateway.open(frames.get(199 - 64))).isEqualTo(rejected(OpenResult.Failure.TOO_OLD));
        assertThat(pair.gateway.open(frames.get(0))).isEqualTo(rejected(OpenResult.Failure.TOO_OLD));
    }

    @Test
    void framesOfAnotherSessionOrAttachmentAreRefused() {
        var first = birth("sess-1");
        var other = birth("sess-2");
        assertThat(first.gateway.open(sealed(other.agent.seal(new Heartbeat(0, 0, 1)))))
                .isEqualTo(rejected(OpenResult.Failure.WRONG_SESSION));

        // After a reattach the agent holds a newer attachment: frames of the old binding are refused unopened.
        var reattached = reattach(first, 3);
        assertThat(reattached.agent.attachmentVersion()).isEqualTo(3);
        var fromOldBinding = sealed(first.gateway.seal(Data.of(new byte[] {1})));
        assertThat(reattached.agent.open(fromOldBinding)).isEqualTo(rejected(OpenResult.Failure.WRONG_ATTACHMENT));
        var toOldBinding = sealed(reattached.agent.seal(Data.of(new byte[] {2})));
        assertThat(first.gateway.open(toOldBinding)).isEqualTo(rejected(OpenResult.Failure.WRONG_ATTACHMENT));
        assertThat(reattached.gateway.open(toOldBinding)).isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void aFrameReflectedBackToItsSenderDoesNotOpen() {
        var pair = birth("sess-1");
        var own = sealed(pair.agent.seal(new Heartbeat(0, 0, 1)));
        assertThat(pair.agent.open(own)).isEqualTo(rejected(OpenResult.Failure.AUTH_FAILED));
    }

    @Test
    void everyChangedHeaderOrCiphertextBitFailsAuthentication() {
        var pair = birth("sess-1");
        var bytes = pair.agent.seal(Data.of(new byte[] {1, 2, 3, 4}));
        int authenticatedFailures = 0;
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            var tampered = bytes.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            if (!(FrameCodec.decode(tampered) instanceof DecodeResult.Decoded(SealedFrame frame))) {
                continue;
            }
            var result = pair.gateway.open(frame);
            assertThat(result).as("bit %d", bit).isInstanceOf(OpenResult.Rejected.class);
            if (result.equals(rejected(OpenResult.Failure.AUTH_FAILED))) {
                authenticatedFailures++;
            }
        }
        // Type, counter and body bits all reach the tag check (session and version bits are refused before it).
        assertThat(authenticatedFailures).isGreaterThan(8 * (4 + 16 + 8));
        assertThat(pair.gateway.open(sealed(bytes))).isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void aForgedFrameDoesNotMoveTheReplayWindow() {
        var pair = birth("sess-1");
        var genuine = sealed(pair.agent.seal(new Heartbeat(0, 0, 1)));
        var forgedAhead = SealedFrame.of(MessageType.HEARTBEAT, "sess-1", 1, 1_000_000, new byte[40]);
        assertThat(pair.gateway.open(forgedAhead)).isEqualTo(rejected(OpenResult.Failure.AUTH_FAILED));
        assertThat(pair.gateway.open(genuine)).isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void sealingAndOpeningMayRunOnDifferentThreads() throws Exception {
        var pair = birth("sess-1");
        int count = 2_000;
        var agentFrames = new ConcurrentLinkedQueue<byte[]>();
        try (var executor = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                executor.submit(() -> {
                    for (int i = 0; i < count / 4; i++) {
                        agentFrames.add(pair.agent.seal(Data.of(new byte[64])));
                        pair.agent.open(sealed(pair.gateway.seal(new HeartbeatAck(i, i, 1))));
                    }
                    return null;
                });
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        var counters = new HashSet<Long>();
        for (var bytes : agentFrames) {
            var frame = sealed(bytes);
            counters.add(frame.counter());
            assertThat(pair.gateway.open(frame)).isInstanceOf(OpenResult.Opened.class);
        }
        assertThat(counters).hasSize(count);
    }

    private static OpenResult rejected(OpenResult.Failure failure) {
        return new OpenResult.Rejected(failure);
    }

    private static SealedFrame sealed(byte[] bytes) {
        return (SealedFrame) ((DecodeResult.Decoded) FrameCodec.decode(bytes)).frame();
    }

    private Pair birth(String sessionId) {
        var pending = agent.startHandshake();
        var verified = ((Verification.Valid<VerifiedInit>) gateway.verifyInit(pending.init(), allowlist)).value();
        var accepted = gateway.acceptInit(verified, sessionId, 1, TERMS);
        var agentSide = ((ReplyOutcome.Established) pending.complete(accepted.reply())).attachment();
        return new Pair(agentSide, accepted.attachment(), 2048);
    }

    private Pair reattach(Pair previous, long newVersion) {
        var pending = agent.startReattach(
                previous.agent.sessionId(), newVersion - 2, 1, Candidate.parse("udp://192.0.2.1:4500"));
        var verified =
                ((Verification.Valid<VerifiedReattach>) gateway.verifyReattach(pending.request(), allowlist)).value();
        var accepted = gateway.acceptReattach(verified, newVersion, TERMS);
        var agentSide = ((ReplyOutcome.Established) pending.complete(accepted.reply())).attachment();
        return new Pair(agentSide, accepted.attachment(), 2048);
    }

    private static final class Pair {
        final Attachment agentSide;
        final Attachment gatewaySide;
        final SecureChannel agent;
        final SecureChannel gateway;

        Pair(Attachment agentSide, Attachment gatewaySide, int window) {
            this.agentSide = agentSide;
            this.gatewaySide = gatewaySide;
            this.agent = SecureChannel.of(agentSide, window);
            this.gateway = SecureChannel.of(gatewaySide, window);
        }
    }
}
