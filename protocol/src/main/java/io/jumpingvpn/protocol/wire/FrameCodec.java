package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Encodes frames to bytes and decodes bytes to frames, following the layouts of docs/protocol.md. Stateless and
 * thread-safe.
 *
 * <p>{@link #decode} never throws for any input: it returns {@link DecodeResult.Decoded} or
 * {@link DecodeResult.Dropped} with a {@link DropReason}. Checks run in this order: size ({@code OVERSIZED},
 * {@code TRUNCATED}), magic, version, type, then the fields in wire order (a field cut short is {@code TRUNCATED}, a
 * length byte out of its range {@code BAD_LENGTH}, a value not allowed {@code BAD_FIELD}), then {@code TRAILING_BYTES}.
 * The encoding is canonical: {@code encode(decode(b)) == b} for every {@code b} that decodes.
 */
public final class FrameCodec {

    private static final int EPHEMERAL = EphemeralKey.LENGTH;
    private static final int IDENTITY = 32;
    private static final int SIGNATURE = Signature.LENGTH;
    private static final int HANDSHAKE_ID = HandshakeId.LENGTH;
    private static final int TERMS = 5 * 4;

    private FrameCodec() {}

    /** Decodes the bytes between {@code frame}'s position and limit, leaving both untouched. */
    public static DecodeResult decode(ByteBuffer frame) {
        requireNonNull(frame, "frame");
        int start = frame.position();
        int end = frame.limit();
        int length = end - start;
        if (length > WireFormat.MAX_FRAME_SIZE) {
            return dropped(DropReason.OVERSIZED, length + " bytes, the maximum is " + WireFormat.MAX_FRAME_SIZE);
        }
        var reader = new FrameReader(frame, start, end);
        try {
            var decoded = decode(reader);
            reader.end();
            return new DecodeResult.Decoded(decoded);
        } catch (MalformedFrame e) {
            return dropped(e.reason(), e.getMessage());
        } catch (IllegalArgumentException e) {
            // A record refused a field value the reader could not check on its own.
            return dropped(DropReason.BAD_FIELD, e.getMessage());
        }
    }

    public static DecodeResult decode(byte[] frame) {
        return decode(ByteBuffer.wrap(requireNonNull(frame, "frame")));
    }

    public static DecodeResult decode(byte[] frame, int offset, int length) {
        return decode(ByteBuffer.wrap(requireNonNull(frame, "frame"), offset, length));
    }

    private static DecodeResult dropped(DropReason reason, String detail) {
        return new DecodeResult.Dropped(reason, detail);
    }

    private static Frame decode(FrameReader in) {
        int magic = in.u8("magic");
        if (magic != WireFormat.MAGIC) {
            throw new MalformedFrame(DropReason.BAD_MAGIC, "magic byte " + magic + " is not " + WireFormat.MAGIC);
        }
        int version = in.u8("protocol version");
        if (version != WireFormat.VERSION) {
            throw new MalformedFrame(
                    DropReason.BAD_VERSION, "protocol version " + version + " is not " + WireFormat.VERSION);
        }
        int typeValue = in.u8("type");
        // No capturing lambda here: every frame, DATA included, passes this line.
        var known = MessageType.fromWire(typeValue);
        if (known.isEmpty()) {
            throw new MalformedFrame(DropReason.UNKNOWN_TYPE, "unknown frame type " + typeValue);
        }
        return switch (known.get()) {
            case HANDSHAKE_INIT -> handshakeInit(in);
            case COOKIE_CHALLENGE ->
                new CookieChallenge(in.handshakeId(), Cookie.of(in.bytes(Cookie.LENGTH, "cookie")));
            case HANDSHAKE_ACK ->
                new HandshakeAck(
                        in.handshakeId(),
                        in.sessionId(),
                        in.u63("version"),
                        in.ephemeralKey("gateway ephemeral"),
                        in.terms(),
                        in.signature());
            case HANDSHAKE_REJECT -> new HandshakeReject(in.handshakeId(), rejectCode(in), in.signature());
            case REATTACH_REQUEST ->
                new ReattachRequest(
                        in.sessionId(),
                        in.identityKey("agent key"),
                        in.u63("expected version"),
                        in.u63("nonce"),
                        in.u63("timestamp"),
                        in.ephemeralKey("agent ephemeral"),
                        in.candidate("candidate"),
                        in.signature());
            case REATTACH_ACK ->
                new ReattachAck(
                        in.sessionId(),
                        in.u63("nonce"),
                        in.u63("version"),
                        in.ephemeralKey("gateway ephemeral"),
                        in.terms(),
                        in.signature());
            case REATTACH_REJECT -> reattachReject(in);
            case REDIRECT -> redirect(in);
            case DATA, HEARTBEAT, HEARTBEAT_ACK, STATE_UPDATE, TERMINATE -> sealed(in, known.get());
        };
    }

    private static HandshakeInit handshakeInit(FrameReader in) {
        var agentKey = in.identityKey("agent key");
        var ephemeral = in.ephemeralKey("agent ephemeral");
        long timestamp = in.u63("timestamp");
        var handshakeId = in.handshakeId();
        int cookieAt = in.offset();
        int cookieLength = in.u8("cookie length");
        Optional<Cookie> cookie;
        if (cookieLength == 0) {
            cookie = Optional.empty();
        } else if (cookieLength == Cookie.LENGTH) {
            cookie = Optional.of(Cookie.of(in.bytes(Cookie.LENGTH, "cookie")));
        } else {
            throw new MalformedFrame(
                    DropReason.BAD_LENGTH,
                    "cookie length " + cookieLength + " at offset " + cookieAt + " is neither 0 nor " + Cookie.LENGTH);
        }
        return new HandshakeInit(agentKey, ephemeral, timestamp, handshakeId, cookie, in.signature());
    }

    private static RejectCode rejectCode(FrameReader in) {
        int value = in.u8("reject code");
        return RejectCode.fromWire(value)
                .orElseThrow(() -> FrameReader.fieldError("reject code", "unknown value " + value));
    }

    private static ReattachReject reattachReject(FrameReader in) {
        var sessionId = in.sessionId();
        long nonce = in.u63("nonce");
        var code = rejectCode(in);
        long current = in.u63("current version");
        if (code.carriesCurrentVersion() != (current != 0)) {
            throw FrameReader.fieldError(
                    "current version",
                    code + (code.carriesCurrentVersion() ? " needs a current version" : " must carry 0"));
        }
        var currentVersion = current == 0 ? OptionalLong.empty() : OptionalLong.of(current);
        return new ReattachReject(sessionId, nonce, code, currentVersion, in.signature());
    }

    private static Redirect redirect(FrameReader in) {
        var sessionId = in.sessionId();
        int value = in.u8("redirect reason");
        var reason = RedirectReason.fromWire(value)
                .orElseThrow(() -> FrameReader.fieldError("redirect reason", "unknown value " + value));
        return new Redirect(sessionId, reason, in.u63("timestamp"), in.candidate("target"), in.signature());
    }

    private static SealedFrame sealed(FrameReader in, MessageType type) {
        var sessionId = in.sessionId();
        long attachmentVersion = in.u63("attachment version");
        long counter = in.u63("counter");
        int lengthAt = in.offset();
        int ciphertextLength = in.u16("ciphertext length");
        if (ciphertextLength < WireFormat.AEAD_TAG_LENGTH) {
            throw new MalformedFrame(
                    DropReason.BAD_LENGTH,
                    "ciphertext length " + ciphertextLength + " at offset " + lengthAt + " is shorter than the tag");
        }
        return new SealedFrame(type, sessionId, attachmentVersion, counter, in.bytes(ciphertextLength, "ciphertext"));
    }

    /** The exact encoded length of {@code frame}. */
    public static int encodedLength(Frame frame) {
        requireNonNull(frame, "frame");
        int header = WireFormat.HEADER_LENGTH;
        return switch (frame) {
            case HandshakeInit init ->
                header
                        + IDENTITY
                        + EPHEMERAL
                        + 8
                        + HANDSHAKE_ID
                        + 1
                        + (init.cookie().isPresent() ? Cookie.LENGTH : 0)
                        + SIGNATURE;
            case CookieChallenge challenge -> header + HANDSHAKE_ID + Cookie.LENGTH;
            case HandshakeAck ack ->
                header + HANDSHAKE_ID + 1 + ack.sessionId().length() + 8 + EPHEMERAL + TERMS + SIGNATURE;
            case HandshakeReject reject -> header + HANDSHAKE_ID + 1 + SIGNATURE;
            case ReattachRequest request ->
                header
                        + 1
                        + request.sessionId().length()
                        + IDENTITY
                        + 8
                        + 8
                        + 8
                        + EPHEMERAL
                        + candidateLength(request.candidate())
                        + SIGNATURE;
            case ReattachAck ack -> header + 1 + ack.sessionId().length() + 8 + 8 + EPHEMERAL + TERMS + SIGNATURE;
            case ReattachReject reject -> header + 1 + reject.sessionId().length() + 8 + 1 + 8 + SIGNATURE;
            case Redirect redirect ->
                header + 1 + redirect.sessionId().length() + 1 + 8 + candidateLength(redirect.target()) + SIGNATURE;
            case SealedFrame sealed -> SealedFrame.headerLength(sealed.sessionId()) + sealed.ciphertextLength();
        };
    }

    private static int candidateLength(Candidate candidate) {
        return 1 + 1 + candidate.endpoint().length();
    }

    public static byte[] encode(Frame frame) {
        var out = ByteBuffer.allocate(encodedLength(frame));
        encode(frame, out);
        return out.array();
    }

    /**
     * Writes {@code frame} at {@code out}'s position and advances it by {@link #encodedLength}. Fails (writing nothing)
     * when fewer bytes remain.
     */
    public static void encode(Frame frame, ByteBuffer out) {
        requireNonNull(out, "out");
        int length = encodedLength(frame);
        if (out.remaining() < length) {
            throw new IllegalArgumentException(
                    "a " + frame.type() + " frame needs " + length + " bytes, " + out.remaining() + " remain");
        }
        var w = new FrameWriter(out).header(frame.type());
        switch (frame) {
            case HandshakeInit init -> {
                w.bytes(init.agentKey().bytes());
                init.ephemeral().writeTo(w);
                w.u64(init.timestampMs());
                init.handshakeId().writeTo(w);
                if (init.cookie().isPresent()) {
                    w.u8(Cookie.LENGTH);
                    init.cookie().get().writeTo(w);
                } else {
                    w.u8(0);
                }
                init.signature().writeTo(w);
            }
            case CookieChallenge challenge -> {
                challenge.handshakeId().writeTo(w);
                challenge.cookie().writeTo(w);
            }
            case HandshakeAck ack -> {
                ack.handshakeId().writeTo(w);
                w.shortAscii(ack.sessionId()).u64(ack.version());
                ack.ephemeral().writeTo(w);
                w.terms(ack.terms());
                ack.signature().writeTo(w);
            }
            case HandshakeReject reject -> {
                reject.handshakeId().writeTo(w);
                w.u8(reject.code().wireValue());
                reject.signature().writeTo(w);
            }
            case ReattachRequest request -> {
                w.shortAscii(request.sessionId())
                        .bytes(request.agentKey().bytes())
                        .u64(request.expectedVersion())
                        .u64(request.nonce())
                        .u64(request.timestampMs());
                request.ephemeral().writeTo(w);
                w.candidate(request.candidate());
                request.signature().writeTo(w);
            }
            case ReattachAck ack -> {
                w.shortAscii(ack.sessionId()).u64(ack.nonce()).u64(ack.version());
                ack.ephemeral().writeTo(w);
                w.terms(ack.terms());
                ack.signature().writeTo(w);
            }
            case ReattachReject reject -> {
                w.shortAscii(reject.sessionId())
                        .u64(reject.nonce())
                        .u8(reject.code().wireValue())
                        .u64(reject.currentVersion().orElse(0));
                reject.signature().writeTo(w);
            }
            case Redirect redirect -> {
                w.shortAscii(redirect.sessionId())
                        .u8(redirect.reason().wireValue())
                        .u64(redirect.timestampMs())
                        .candidate(redirect.target());
                redirect.signature().writeTo(w);
            }
            case SealedFrame sealed -> {
                w.shortAscii(sealed.sessionId())
                        .u64(sealed.attachmentVersion())
                        .u64(sealed.counter())
                        .u16(sealed.ciphertextLength())
                        .bytes(sealed.ciphertextArray());
            }
        }
    }

    /**
     * The bytes a signed frame's signature covers (after the domain-separation label): its whole encoding except the
     * trailing signature. The signature field's value does not matter.
     */
    public static byte[] signedPart(SignedFrame frame) {
        requireNonNull(frame, "frame");
        var encoded = encode((Frame) frame);
        return Arrays.copyOf(encoded, encoded.length - Signature.LENGTH);
    }
}
