package io.jumpingvpn.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.testing.Vectors;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both ChaCha20-Poly1305 engines against RFC 8439, against each other, and against tampering. */
class AeadEngineUnitTests {

    static List<Function<byte[], AeadEngine>> engines() {
        return List.of(JdkChaCha20Poly1305::new, BcChaCha20Poly1305::new);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void matchesRfc8439Section282(Function<byte[], AeadEngine> engineFor) {
        var vector = Vectors.load("rfc8439-chacha20poly1305.txt").block("section_2_8_2");
        var engine = engineFor.apply(vector.hex("key"));
        var aad = vector.hex("aad");
        var plaintext = vector.hex("plaintext");
        var out = ByteBuffer.allocate(plaintext.length + AeadEngine.TAG_LENGTH);
        engine.seal(vector.hex("nonce"), aad, aad.length, ByteBuffer.wrap(plaintext), out);

        var expected = concat(vector.hex("ciphertext"), vector.hex("tag"));
        assertThat(out.array()).isEqualTo(expected);

        var opened = ByteBuffer.allocate(plaintext.length);
        assertThat(engine.open(vector.hex("nonce"), aad, aad.length, ByteBuffer.wrap(expected), opened))
                .isTrue();
        assertThat(opened.array()).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void refusesEveryFlippedBitOfTheTagAndAnyChangedInput(Function<byte[], AeadEngine> engineFor) {
        var vector = Vectors.load("rfc8439-chacha20poly1305.txt").block("section_2_8_2");
        var engine = engineFor.apply(vector.hex("key"));
        var sealed = concat(vector.hex("ciphertext"), vector.hex("tag"));
        var aad = vector.hex("aad");
        var nonce = vector.hex("nonce");
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            var tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            var out = ByteBuffer.allocate(sealed.length);
            assertThat(engine.open(nonce, aad, aad.length, ByteBuffer.wrap(tampered), out))
                    .as("bit %d", bit)
                    .isFalse();
        }
        var otherAad = aad.clone();
        otherAad[0] ^= 1;
        assertThat(engine.open(nonce, otherAad, otherAad.length, ByteBuffer.wrap(sealed), ByteBuffer.allocate(200)))
                .isFalse();
        var otherNonce = nonce.clone();
        otherNonce[11] ^= 1;
        assertThat(engine.open(otherNonce, aad, aad.length, ByteBuffer.wrap(sealed), ByteBuffer.allocate(200)))
                .isFalse();
    }

    @Test
    void theTwoEnginesAgreeOnRandomInputs() {
        var random = new Random(8439);
        for (int round = 0; round < 200; round++) {
            var key = bytes(random, 32);
            var nonce = new byte[AeadEngine.NONCE_LENGTH];
            AeadEngine.nonce(random.nextLong() & Long.MAX_VALUE, nonce);
            var aad = bytes(random, random.nextInt(100));
            var plaintext = bytes(random, random.nextInt(1500));
            var jdk = new JdkChaCha20Poly1305(key);
            var bc = new BcChaCha20Poly1305(key);

            var fromJdk = ByteBuffer.allocate(plaintext.length + 16);
            jdk.seal(nonce, aad, aad.length, ByteBuffer.wrap(plaintext), fromJdk);
            var fromBc = ByteBuffer.allocateDirect(plaintext.length + 16);
            bc.seal(nonce, aad, aad.length, ByteBuffer.wrap(plaintext), fromBc);
            var bcBytes = new byte[plaintext.length + 16];
            fromBc.flip().get(bcBytes);
            assertThat(fromJdk.array()).as("round %d", round).isEqualTo(bcBytes);

            var openedByBc = ByteBuffer.allocate(plaintext.length);
            assertThat(bc.open(nonce, aad, aad.length, ByteBuffer.wrap(fromJdk.array()), openedByBc))
                    .isTrue();
            assertThat(openedByBc.array()).isEqualTo(plaintext);
            var openedByJdk = ByteBuffer.allocateDirect(plaintext.length);
            assertThat(jdk.open(nonce, aad, aad.length, ByteBuffer.wrap(bcBytes), openedByJdk))
                    .isTrue();
            var jdkBytes = new byte[plaintext.length];
            openedByJdk.flip().get(jdkBytes);
            assertThat(jdkBytes).isEqualTo(plaintext);
        }
    }

    @Test
    void counterNoncesAreZeroPrefixedBigEndian() {
        var nonce = new byte[AeadEngine.NONCE_LENGTH];
        AeadEngine.nonce(0x0102030405060708L, nonce);
        assertThat(nonce).containsExactly(0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        AeadEngine.nonce(0, nonce);
        assertThat(nonce).containsOnly(0);
    }

    private static byte[] bytes(Random random, int length) {
        var bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
