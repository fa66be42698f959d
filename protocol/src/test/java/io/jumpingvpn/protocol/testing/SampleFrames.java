package io.jumpingvpn.protocol.testing;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.Cookie;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeId;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import io.jumpingvpn.protocol.wire.MessageType;
import io.jumpingvpn.protocol.wire.ReattachAck;
import io.jumpingvpn.protocol.wire.ReattachReject;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.Redirect;
import io.jumpingvpn.protocol.wire.RedirectReason;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.Signature;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Well-formed frames of every type and shape, for codec tests. Field values are arbitrary but valid; signatures and
 * ciphertexts are filler (the codec does not check them).
 */
public final class SampleFrames {

    public static final String SESSION = "AAECAwQFBgcICQoLDA0ODw";
    public static final String LONGEST_SESSION = "s".repeat(64);

    private SampleFrames() {}

    public static List<Frame> all() {
        var frames = new ArrayList<Frame>();
        var agent = IdentityKey.of(filled(32, 0x11));
        var ephemeral = EphemeralKey.of(filled(32, 0x22));
        var id = HandshakeId.of(filled(16, 0x33));
        var cookie = Cookie.of(filled(16, 0x44));
        var signature = Signature.of(filled(64, 0x55));
        var terms = new SessionTerms(500, 2000, 15000, 28_800_000, 2048);
        frames.add(new HandshakeInit(agent, ephemeral, 1_767_225_600_000L, id, Optional.empty(), signature));
        frames.add(new HandshakeInit(agent, ephemeral, 0, id, Optional.of(cookie), signature));
        frames.add(new CookieChallenge(id, cookie));
        frames.add(new HandshakeAck(id, SESSION, 1, ephemeral, terms, signature));
        frames.add(new HandshakeAck(
                id, LONGEST_SESSION, Long.MAX_VALUE, ephemeral, new SessionTerms(1, 1, 1, 0, 65_536), signature));
        frames.add(new HandshakeReject(id, RejectCode.AUTH_FAIL, signature));
        frames.add(new ReattachRequest(
                SESSION,
                agent,
                3,
                7,
                1_767_225_660_000L,
                ephemeral,
                new Candidate(TransportKind.UDP, "10.0.0.1:4500"),
                signature));
        frames.add(new ReattachRequest(
                "a",
                agent,
                1,
                Long.MAX_VALUE,
                5,
                ephemeral,
                new Candidate(TransportKind.QUIC, "x".repeat(255)),
                signature));
        frames.add(new ReattachAck(SESSION, 7, 9, ephemeral, terms, signature));
        frames.add(new ReattachReject(SESSION, 7, RejectCode.OWNERSHIP_CONFLICT, OptionalLong.of(12), signature));
        frames.add(new ReattachReject(SESSION, 7, RejectCode.SESSION_EXPIRED, OptionalLong.empty(), signature));
        frames.add(new Redirect(
                SESSION,
                RedirectReason.NOT_OWNER,
                1_767_225_600_000L,
                new Candidate(TransportKind.TCP, "[::1]:4500"),
                signature));
        for (var type : MessageType.values()) {
            if (type.isSealed()) {
                frames.add(SealedFrame.of(type, SESSION, 4, 99, filled(16 + type.wireValue(), 0x66)));
            }
        }
        frames.add(SealedFrame.of(MessageType.DATA, LONGEST_SESSION, 1, 0, filled(1216, 0x77)));
        return frames;
    }

    public static byte[] filled(int length, int value) {
        var bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
