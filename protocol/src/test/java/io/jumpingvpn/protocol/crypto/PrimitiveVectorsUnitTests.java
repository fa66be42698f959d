package io.jumpingvpn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.protocol.keys.IdentityKey;
import io.jumpingvpn.protocol.keys.IdentityKeyPair;
import io.jumpingvpn.protocol.testing.FixedRandom;
import io.jumpingvpn.protocol.testing.Vectors;
import io.jumpingvpn.protocol.wire.EphemeralKey;
import org.junit.jupiter.api.Test;

/**
 * The standard vectors of the primitives, run through the very code paths the protocol uses: RFC 8032 through
 * {@link IdentityKeyPair} and {@link IdentityKey}, RFC 7748 through {@link KeyAgreement}'s X25519, RFC 5869 through
 * {@link KeyAgreement#hkdf}. (RFC 8439 is checked on the AEAD engines, in the internal package's tests.)
 */
class PrimitiveVectorsUnitTests {

    @Test
    void ed25519MatchesRfc8032() {
        var vectors = Vectors.load("rfc8032-ed25519.txt").all();
        assertThat(vectors).hasSize(3);
        vectors.forEach((name, fields) -> {
            var block = new Vectors.Block(name, fields);
            var key = IdentityKeyPair.fromSeed(block.hex("secret_key"));
            assertThat(key.publicKey().bytes()).as(name).isEqualTo(block.hex("public_key"));
            var signature = key.sign(block.hex("message"));
            assertThat(signature).as(name).isEqualTo(block.hex("signature"));
            assertThat(IdentityKey.of(block.hex("public_key")).verify(block.hex("message"), signature))
                    .as(name)
                    .isTrue();
            var tampered = signature.clone();
            tampered[0] ^= 1;
            assertThat(key.publicKey().verify(block.hex("message"), tampered))
                    .as(name)
                    .isFalse();
        });
    }

    @Test
    void x25519MatchesRfc7748() {
        var vectors = Vectors.load("rfc7748-x25519.txt");
        for (var name : new String[] {"scalar_mult_1", "scalar_mult_2"}) {
            var block = vectors.block(name);
            var secret = KeyAgreement.newEphemeral(new FixedRandom(block.hex("scalar")));
            var output = KeyAgreement.shared(secret, EphemeralKey.of(block.hex("u_coordinate")));
            assertThat(output).as(name).hasValueSatisfying(bytes -> assertThat(bytes)
                    .isEqualTo(block.hex("output")));
        }
        var dh = vectors.block("diffie_hellman");
        var alice = KeyAgreement.newEphemeral(new FixedRandom(dh.hex("alice_private")));
        var bob = KeyAgreement.newEphemeral(new FixedRandom(dh.hex("bob_private")));
        assertThat(KeyAgreement.publicOf(alice).bytes()).isEqualTo(dh.hex("alice_public"));
        assertThat(KeyAgreement.publicOf(bob).bytes()).isEqualTo(dh.hex("bob_public"));
        assertThat(KeyAgreement.shared(alice, KeyAgreement.publicOf(bob)))
                .hasValueSatisfying(shared -> assertThat(shared).isEqualTo(dh.hex("shared")));
        assertThat(KeyAgreement.shared(bob, KeyAgreement.publicOf(alice)))
                .hasValueSatisfying(shared -> assertThat(shared).isEqualTo(dh.hex("shared")));
    }

    @Test
    void x25519RefusesLowOrderPoints() {
        var secret = KeyAgreement.newEphemeral(new FixedRandom(new byte[32]).then(new byte[0]));
        // u = 0 and u = 1 are points of small order: the shared secret would be all zero.
        assertThat(KeyAgreement.shared(secret, EphemeralKey.of(new byte[32]))).isEmpty();
        var one = new byte[32];
        one[0] = 1;
        assertThat(KeyAgreement.shared(secret, EphemeralKey.of(one))).isEmpty();
    }

    @Test
    void hkdfMatchesRfc5869() {
        var vectors = Vectors.load("rfc5869-hkdf-sha256.txt").all();
        assertThat(vectors).hasSize(3);
        vectors.forEach((name, fields) -> {
            var block = new Vectors.Block(name, fields);
            var okm = KeyAgreement.hkdf(
                    block.hex("ikm"), block.hex("salt"), block.hex("info"), (int) block.number("length"));
            assertThat(okm).as(name).isEqualTo(block.hex("okm"));
        });
    }
}
