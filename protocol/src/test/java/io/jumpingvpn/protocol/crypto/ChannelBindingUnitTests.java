package io.jumpingvpn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.channel.OpenResult;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.internal.AeadEngine;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.MessageType;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.SessionTerms;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The associated data binds session id, attachment version, direction and counter even where the keys alone would
 * not tell (real attachments never share keys: the transcript differs). Each case re-labels a genuine frame for a
 * receiver that would otherwise accept it.
 */
class ChannelBindingUnitTests {

    private static final SessionTerms TERMS = new SessionTerms(500, 2000, 15000, 1_000_000, 2048);
    private static final byte[] KEY_A = filled(0x0a);
    private static final byte[] KEY_B = filled(0x0b);

    @Test
    void theAttachmentVersionIsAuthenticated() {
        var sender = channel(Role.AGENT, "sess-1", 1, KEY_A, KEY_B);
        var receiverAtTwo = channel(Role.GATEWAY, "sess-1", 2, KEY_A, KEY_B);
        var frame = sealed(sender.seal(Data.of(new byte[] {1})));
        var relabelled = SealedFrame.of(frame.type(), "sess-1", 2, frame.counter(), ciphertext(frame));
        assertThat(receiverAtTwo.open(relabelled)).isEqualTo(new OpenResult.Rejected(OpenResult.Failure.AUTH_FAILED));
        assertThat(channel(Role.GATEWAY, "sess-1", 1, KEY_A, KEY_B).open(frame)).isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void theSessionIdIsAuthenticated() {
        var sender = channel(Role.AGENT, "sess-1", 1, KEY_A, KEY_B);
        var otherSession = channel(Role.GATEWAY, "sess-2", 1, KEY_A, KEY_B);
        var frame = sealed(sender.seal(Data.of(new byte[] {1})));
        var relabelled = SealedFrame.of(frame.type(), "sess-2", 1, frame.counter(), ciphertext(frame));
        assertThat(otherSession.open(relabelled)).isEqualTo(new OpenResult.Rejected(OpenResult.Failure.AUTH_FAILED));
    }

    @Test
    void theDirectionIsAuthenticated() {
        // Both directions under one key: only the direction byte of the associated data tells them apart.
        var agent = channel(Role.AGENT, "sess-1", 1, KEY_A, KEY_A);
        var otherAgent = channel(Role.AGENT, "sess-1", 1, KEY_A, KEY_A);
        var gateway = channel(Role.GATEWAY, "sess-1", 1, KEY_A, KEY_A);
        var frame = sealed(agent.seal(Data.of(new byte[] {1})));
        assertThat(otherAgent.open(frame)).isEqualTo(new OpenResult.Rejected(OpenResult.Failure.AUTH_FAILED));
        assertThat(gateway.open(frame)).isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void theCounterIsAuthenticated() {
        var sender = channel(Role.AGENT, "sess-1", 1, KEY_A, KEY_B);
        var receiver = channel(Role.GATEWAY, "sess-1", 1, KEY_A, KEY_B);
        var frame = sealed(sender.seal(Data.of(new byte[] {1})));
        var renumbered = SealedFrame.of(frame.type(), "sess-1", 1, frame.counter() + 1, ciphertext(frame));
        assertThat(receiver.open(renumbered)).isEqualTo(new OpenResult.Rejected(OpenResult.Failure.AUTH_FAILED));
    }

    @Test
    void anAuthenticBodyThatDoesNotDecodeIsMalformedAndUsesUpItsCounter() {
        var receiver = channel(Role.GATEWAY, "sess-1", 1, KEY_A, KEY_B);
        // A HEARTBEAT body must be 24 bytes. Seal 5 bytes the way a buggy or hostile peer holding the keys would.
        var body = new byte[5];
        int ciphertextLength = body.length + 16;
        var frame = ByteBuffer.allocate(SealedFrame.headerLength("sess-1") + ciphertextLength);
        SealedFrame.writeHeader(frame, MessageType.HEARTBEAT, "sess-1", 1, 0, ciphertextLength);
        var aad = new byte[1 + frame.position()];
        aad[0] = (byte) Role.AGENT.sendingDirection();
        frame.get(0, aad, 1, frame.position());
        var nonce = new byte[AeadEngine.NONCE_LENGTH];
        AeadEngine.nonce(0, nonce);
        AeadEngine.create(KEY_A).seal(nonce, aad, aad.length, ByteBuffer.wrap(body), frame);

        var sealedFrame = sealed(frame.array());
        assertThat(receiver.open(sealedFrame)).isEqualTo(new OpenResult.Rejected(OpenResult.Failure.MALFORMED_BODY));
        assertThat(receiver.open(sealedFrame)).isEqualTo(new OpenResult.Rejected(OpenResult.Failure.REPLAYED));
    }

    private static SecureChannel channel(Role role, String session, long version, byte[] a2g, byte[] g2a) {
        return SecureChannel.of(new Attachment(role, session, version, TERMS, new TrafficKeys(a2g, g2a)), 2048);
    }

    private static SealedFrame sealed(byte[] bytes) {
        return (SealedFrame) ((DecodeResult.Decoded) FrameCodec.decode(bytes)).frame();
    }

    private static byte[] ciphertext(SealedFrame frame) {
        var buffer = frame.ciphertext();
        var bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] filled(int value) {
        var bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
