package io.jumpingvpn.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.protocol.testing.SampleFrames;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips of every frame shape, and every class of malformed input answered with a drop reason. */
class FrameCodecUnitTests {

    static Stream<Frame> frames() {
        return SampleFrames.all().stream();
    }

    @ParameterizedTest
    @MethodSource("frames")
    void roundTrips(Frame frame) {
        var bytes = FrameCodec.encode(frame);
        assertThat(bytes).hasSize(FrameCodec.encodedLength(frame));
        assertThat(bytes[0]).isEqualTo((byte) WireFormat.MAGIC);
        assertThat(bytes[1]).isEqualTo((byte) WireFormat.VERSION);
        assertThat(bytes[2]).isEqualTo((byte) frame.type().wireValue());
        assertThat(FrameCodec.decode(bytes)).isEqualTo(new DecodeResult.Decoded(frame));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void decodesBetweenPositionAndLimitWithoutMovingThem(Frame frame) {
        var bytes = FrameCodec.encode(frame);
        var buffer = ByteBuffer.allocate(bytes.length + 10);
        buffer.position(7);
        FrameCodec.encode(frame, buffer);
        assertThat(buffer.position()).isEqualTo(7 + bytes.length);
        buffer.flip().position(7);
        assertThat(FrameCodec.decode(buffer)).isEqualTo(new DecodeResult.Decoded(frame));
        assertThat(buffer.position()).isEqualTo(7);
        assertThat(buffer.limit()).isEqualTo(7 + bytes.length);
        var direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        assertThat(FrameCodec.decode(direct)).isEqualTo(new DecodeResult.Decoded(frame));
    }

    @ParameterizedTest
    @MethodSource("frames")
    void everyTruncationIsTruncated(Frame frame) {
        var bytes = FrameCodec.encode(frame);
        for (int length = 0; length < bytes.length; length++) {
            assertThat(FrameCodec.decode(bytes, 0, length))
                    .as("%s cut to %d bytes", frame.type(), length)
                    .isInstanceOfSatisfying(DecodeResult.Dropped.class, dropped -> assertThat(dropped.reason())
                            .isEqualTo(DropReason.TRUNCATED));
        }
    }

    @ParameterizedTest
    @MethodSource("frames")
    void anExtraByteIsTrailing(Frame frame) {
        var bytes = Arrays.copyOf(FrameCodec.encode(frame), FrameCodec.encodedLength(frame) + 1);
        assertDropped(bytes, DropReason.TRAILING_BYTES);
    }

    @Test
    void framesAboveTheMaximumAreOversizedAndTheMaximumIsFine() {
        int ciphertext = WireFormat.MAX_FRAME_SIZE - SealedFrame.headerLength(SampleFrames.SESSION);
        var largest = SealedFrame.of(MessageType.DATA, SampleFrames.SESSION, 1, 1, new byte[ciphertext]);
        var bytes = FrameCodec.encode(largest);
        assertThat(bytes).hasSize(WireFormat.MAX_FRAME_SIZE);
        assertThat(FrameCodec.decode(bytes)).isEqualTo(new DecodeResult.Decoded(largest));
        assertDropped(Arrays.copyOf(bytes, bytes.length + 1), DropReason.OVERSIZED);
        assertDropped(new byte[1_000_000], DropReason.OVERSIZED);
        assertThatThrownBy(() -> SealedFrame.of(MessageType.DATA, SampleFrames.SESSION, 1, 1, new byte[ciphertext + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void foreignBytesAreBadMagic() {
        assertDropped(new byte[] {0x45, 0x00, 0x00, 0x1c}, DropReason.BAD_MAGIC);
        assertDropped(new byte[] {0x00}, DropReason.BAD_MAGIC);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 0x7f, 0xff})
    void otherProtocolVersionsAreBadVersion(int version) {
        var bytes = FrameCodec.encode(SampleFrames.all().getFirst());
        bytes[1] = (byte) version;
        assertDropped(bytes, DropReason.BAD_VERSION);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x09, 0x0f, 0x15, 0x80, 0xff})
    void unassignedTypesAreUnknown(int type) {
        var bytes = FrameCodec.encode(SampleFrames.all().getFirst());
        bytes[2] = (byte) type;
        assertDropped(bytes, DropReason.UNKNOWN_TYPE);
    }

    @Test
    void lengthBytesOutOfRangeAreBadLength() {
        var sealed = FrameCodec.encode(SampleFrames.all().stream()
                .filter(SealedFrame.class::isInstance)
                .findFirst()
                .orElseThrow());
        assertDropped(withByte(sealed, 3, 0), DropReason.BAD_LENGTH);
        assertDropped(withByte(sealed, 3, 65), DropReason.BAD_LENGTH);

        int ciphertextLengthAt = 3 + 1 + SampleFrames.SESSION.length() + 16;
        var shortTag = sealed.clone();
        shortTag[ciphertextLengthAt] = 0;
        shortTag[ciphertextLengthAt + 1] = 15;
        assertDropped(shortTag, DropReason.BAD_LENGTH);

        var init = FrameCodec.encode(SampleFrames.all().getFirst());
        int cookieLengthAt = 3 + 32 + 32 + 8 + 16;
        for (int length : new int[] {1, 15, 17, 255}) {
            assertDropped(withByte(init, cookieLengthAt, length), DropReason.BAD_LENGTH);
        }

        var request = FrameCodec.encode(sample(ReattachRequest.class));
        int endpointLengthAt = 3 + 1 + SampleFrames.SESSION.length() + 32 + 8 + 8 + 8 + 32 + 1;
        assertDropped(withByte(request, endpointLengthAt, 0), DropReason.BAD_LENGTH);
    }

    @Test
    void disallowedFieldValuesAreBadField() {
        var ack = FrameCodec.encode(sample(HandshakeAck.class));
        int sessionAt = 3 + 16 + 1;
        assertDropped(withByte(ack, sessionAt, '/'), DropReason.BAD_FIELD);
        assertDropped(withByte(ack, sessionAt, ' '), DropReason.BAD_FIELD);
        assertDropped(withByte(ack, sessionAt, 0x80), DropReason.BAD_FIELD);
        int versionAt = sessionAt + SampleFrames.SESSION.length();
        assertDropped(withLong(ack, versionAt, 0), DropReason.BAD_FIELD);
        assertDropped(withLong(ack, versionAt, -1), DropReason.BAD_FIELD);
        int termsAt = versionAt + 8 + 32;
        assertDropped(withInt(ack, termsAt, 0), DropReason.BAD_FIELD);
        assertDropped(withInt(ack, termsAt, -1), DropReason.BAD_FIELD);
        assertDropped(withInt(ack, termsAt + 16, 100), DropReason.BAD_FIELD);

        var init = FrameCodec.encode(SampleFrames.all().getFirst());
        assertDropped(withLong(init, 3 + 32 + 32, Long.MIN_VALUE), DropReason.BAD_FIELD);

        var handshakeReject = FrameCodec.encode(sample(HandshakeReject.class));
        for (int code : new int[] {0, 7, 8, 1, 12, 255}) {
            assertDropped(withByte(handshakeReject, 3 + 16, code), DropReason.BAD_FIELD);
        }

        var reject = FrameCodec.encode(sample(ReattachReject.class)); // OWNERSHIP_CONFLICT at version 12
        int codeAt = 3 + 1 + SampleFrames.SESSION.length() + 8;
        assertDropped(withLong(reject, codeAt + 1, 0), DropReason.BAD_FIELD);
        assertDropped(withByte(reject, codeAt, 4), DropReason.BAD_FIELD); // AUTH_FAIL carrying a version
        assertDropped(withByte(reject, codeAt, 0), DropReason.BAD_FIELD);
        assertDropped(withByte(reject, codeAt, 12), DropReason.BAD_FIELD);

        var request = FrameCodec.encode(sample(ReattachRequest.class));
        int expectedAt = 3 + 1 + SampleFrames.SESSION.length() + 32;
        assertDropped(withLong(request, expectedAt, 0), DropReason.BAD_FIELD);
        assertDropped(withLong(request, expectedAt + 8, 0), DropReason.BAD_FIELD);
        int kindAt = expectedAt + 8 + 8 + 8 + 32;
        assertDropped(withByte(request, kindAt, 0), DropReason.BAD_FIELD);
        assertDropped(withByte(request, kindAt, 4), DropReason.BAD_FIELD);
        assertDropped(withByte(request, kindAt + 2, ' '), DropReason.BAD_FIELD);

        var redirect = FrameCodec.encode(sample(Redirect.class));
        int reasonAt = 3 + 1 + SampleFrames.SESSION.length();
        assertDropped(withByte(redirect, reasonAt, 0), DropReason.BAD_FIELD);
        assertDropped(withByte(redirect, reasonAt, 3), DropReason.BAD_FIELD);

        var sealed = FrameCodec.encode(sample(SealedFrame.class));
        int attachmentAt = 3 + 1 + SampleFrames.SESSION.length();
        assertDropped(withLong(sealed, attachmentAt, 0), DropReason.BAD_FIELD);
        assertDropped(withLong(sealed, attachmentAt + 8, -5), DropReason.BAD_FIELD);
    }

    @Test
    void randomMutationsNeverThrowAndWhatDecodesIsCanonical() {
        var random = new Random(20_260_101);
        var samples = SampleFrames.all().stream().map(FrameCodec::encode).toList();
        int decoded = 0;
        for (int round = 0; round < 40_000; round++) {
            var bytes = mutate(samples.get(random.nextInt(samples.size())), random);
            var result = FrameCodec.decode(bytes);
            if (result instanceof DecodeResult.Decoded(var frame)) {
                decoded++;
                assertThat(FrameCodec.encode(frame))
                        .as("round %d re-encodes", round)
                        .isEqualTo(bytes);
            }
        }
        for (int round = 0; round < 10_000; round++) {
            var bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            if (bytes.length > 3 && random.nextBoolean()) {
                bytes[0] = (byte) WireFormat.MAGIC;
                bytes[1] = (byte) WireFormat.VERSION;
            }
            FrameCodec.decode(bytes);
        }
        // Mutations of a signature or ciphertext byte keep a frame valid: the loop must see both outcomes.
        assertThat(decoded).isBetween(1_000, 39_000);
    }

    @Test
    void encodingIntoATooSmallBufferWritesNothing() {
        var frame = SampleFrames.all().getFirst();
        var buffer = ByteBuffer.allocate(FrameCodec.encodedLength(frame) - 1);
        assertThatThrownBy(() -> FrameCodec.encode(frame, buffer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs");
        assertThat(buffer.position()).isZero();
    }

    @Test
    void recordsRefuseInvalidValues() {
        assertThatThrownBy(() -> new Candidate(TransportKind.UDP, "has space:1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Candidate.parse("sctp://h:1")).hasMessageContaining("udp, tcp or quic");
        assertThat(Candidate.parse("quic://h:1")).isEqualTo(new Candidate(TransportKind.QUIC, "h:1"));
        assertThatThrownBy(() -> WireFormat.checkSessionId("")).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> WireFormat.checkSessionId("x".repeat(65))).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> new SessionTerms(500, 2000, 15000, 1, 2000)).hasMessageContaining("multiple of 64");
        assertThatThrownBy(() -> Data.of(new byte[WireFormat.MAX_DATA_PAYLOAD + 1]))
                .hasMessageContaining("at most");
    }

    private static byte[] mutate(byte[] original, Random random) {
        var bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(6)) {
                case 0 -> {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    yield bytes;
                }
                case 1 -> {
                    bytes[at] = (byte) random.nextInt(256);
                    yield bytes;
                }
                case 2 -> Arrays.copyOf(bytes, at);
                case 3 -> {
                    var longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(4));
                    longer[longer.length - 1] = (byte) random.nextInt(256);
                    yield longer;
                }
                case 4 -> {
                    var shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    yield shorter;
                }
                default -> {
                    bytes[at] = (byte) (random.nextBoolean() ? 0 : 0xff);
                    yield bytes;
                }
            };
        }
        return bytes;
    }

    private static <T extends Frame> T sample(Class<T> type) {
        return SampleFrames.all().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    private static void assertDropped(byte[] bytes, DropReason reason) {
        assertThat(FrameCodec.decode(bytes))
                .isInstanceOfSatisfying(DecodeResult.Dropped.class, dropped -> assertThat(dropped.reason())
                        .as(dropped.detail())
                        .isEqualTo(reason));
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        var copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        var copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(at, value);
        return copy;
    }

    private static byte[] withLong(byte[] bytes, int at, long value) {
        var copy = bytes.clone();
        ByteBuffer.wrap(copy).putLong(at, value);
        return copy;
    }
}
