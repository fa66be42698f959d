package io.jumpingvpn.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The JDK engine gives the same bytes whatever buffers it is handed: heap, direct, read-only, slices at an offset, and
 * in place (input and output starting at the same byte of one array), and it advances positions the same way. The
 * Bouncy Castle engine is the reference.
 */
class AeadBufferKindsUnitTests {

    private static final List<IntFunction<ByteBuffer>> KINDS = List.of(
            ByteBuffer::allocate,
            ByteBuffer::allocateDirect,
            length -> ByteBuffer.allocate(length + 7).position(7).slice(),
            length -> ByteBuffer.allocateDirect(length + 5).position(5).slice());

    private final Random random = new Random(1305);

    @Test
    void sealsAndOpensTheSameBytesOverEveryKindOfBuffer() {
        for (int round = 0; round < 40; round++) {
            var key = bytes(32);
            var nonce = new byte[AeadEngine.NONCE_LENGTH];
            AeadEngine.nonce(random.nextLong() & Long.MAX_VALUE, nonce);
            var aad = bytes(random.nextInt(60));
            var plaintext = bytes(random.nextInt(1600));
            var expected = ByteBuffer.allocate(plaintext.length + AeadEngine.TAG_LENGTH);
            new BcChaCha20Poly1305(key).seal(nonce, aad, aad.length, ByteBuffer.wrap(plaintext), expected);
            var opener = new JdkChaCha20Poly1305(key);
            for (var inKind : KINDS) {
                for (var outKind : KINDS) {
                    for (boolean readOnly : new boolean[] {false, true}) {
                        var in = fill(inKind.apply(plaintext.length), plaintext);
                        var out = outKind.apply(plaintext.length + AeadEngine.TAG_LENGTH);
                        // A fresh engine per seal: the JDK refuses to encrypt twice under one key and nonce.
                        new JdkChaCha20Poly1305(key)
                                .seal(nonce, aad, aad.length, readOnly ? in.asReadOnlyBuffer() : in, out);
                        assertThat(out.remaining()).isZero();
                        assertThat(contents(out.flip())).isEqualTo(expected.array());

                        var sealed = fill(inKind.apply(expected.capacity()), expected.array());
                        var opened = outKind.apply(plaintext.length);
                        assertThat(opener.open(
                                        nonce, aad, aad.length, readOnly ? sealed.asReadOnlyBuffer() : sealed, opened))
                                .isTrue();
                        assertThat(opened.remaining()).isZero();
                        assertThat(contents(opened.flip())).isEqualTo(plaintext);
                    }
                }
            }
        }
    }

    @Test
    void sealsAndOpensInPlaceInOneArray() {
        var key = bytes(32);
        var nonce = new byte[AeadEngine.NONCE_LENGTH];
        AeadEngine.nonce(42, nonce);
        var aad = bytes(23);
        var plaintext = bytes(1200);
        var expected = ByteBuffer.allocate(plaintext.length + AeadEngine.TAG_LENGTH);
        new BcChaCha20Poly1305(key).seal(nonce, aad, aad.length, ByteBuffer.wrap(plaintext), expected);
        var jdk = new JdkChaCha20Poly1305(key);

        var array = new byte[10 + plaintext.length + AeadEngine.TAG_LENGTH];
        System.arraycopy(plaintext, 0, array, 10, plaintext.length);
        jdk.seal(
                nonce,
                aad,
                aad.length,
                ByteBuffer.wrap(array, 10, plaintext.length),
                ByteBuffer.wrap(array, 10, plaintext.length + AeadEngine.TAG_LENGTH));
        assertThat(Arrays.copyOfRange(array, 10, array.length)).isEqualTo(expected.array());

        assertThat(jdk.open(
                        nonce,
                        aad,
                        aad.length,
                        ByteBuffer.wrap(array, 10, plaintext.length + AeadEngine.TAG_LENGTH),
                        ByteBuffer.wrap(array, 10, plaintext.length)))
                .isTrue();
        assertThat(Arrays.copyOfRange(array, 10, 10 + plaintext.length)).isEqualTo(plaintext);
    }

    @Test
    void outputThatStartsInsideTheInputLaterStillComesOutRight() {
        var key = bytes(32);
        var nonce = new byte[AeadEngine.NONCE_LENGTH];
        AeadEngine.nonce(7, nonce);
        var plaintext = bytes(300);
        var expected = ByteBuffer.allocate(plaintext.length + AeadEngine.TAG_LENGTH);
        new BcChaCha20Poly1305(key).seal(nonce, new byte[0], 0, ByteBuffer.wrap(plaintext), expected);

        var array = new byte[plaintext.length + AeadEngine.TAG_LENGTH + 3];
        System.arraycopy(plaintext, 0, array, 0, plaintext.length);
        new JdkChaCha20Poly1305(key)
                .seal(
                        nonce,
                        new byte[0],
                        0,
                        ByteBuffer.wrap(array, 0, plaintext.length),
                        ByteBuffer.wrap(array, 3, plaintext.length + AeadEngine.TAG_LENGTH));
        assertThat(Arrays.copyOfRange(array, 3, array.length)).isEqualTo(expected.array());
    }

    @Test
    void aForgedTagLeavesThePositionsWhereTheyWere() {
        var key = bytes(32);
        var nonce = new byte[AeadEngine.NONCE_LENGTH];
        var sealed = ByteBuffer.allocate(100 + AeadEngine.TAG_LENGTH);
        var jdk = new JdkChaCha20Poly1305(key);
        jdk.seal(nonce, new byte[0], 0, ByteBuffer.wrap(bytes(100)), sealed);
        sealed.array()[5] ^= 1;
        var in = ByteBuffer.allocateDirect(sealed.capacity()).put(sealed.flip()).flip();
        var out = ByteBuffer.allocateDirect(100);

        assertThat(jdk.open(nonce, new byte[0], 0, in, out)).isFalse();
        assertThat(in.position()).isZero();
        assertThat(out.position()).isZero();
    }

    private static ByteBuffer fill(ByteBuffer buffer, byte[] bytes) {
        return buffer.put(bytes).flip();
    }

    private static byte[] contents(ByteBuffer buffer) {
        var bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private byte[] bytes(int length) {
        var bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
