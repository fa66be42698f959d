package io.jumpingvpn.protocol.internal;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;

/**
 * ChaCha20-Poly1305 (RFC 8439) under one fixed key. The channel's nonces are {@code 0x00000000 || counter}
 * (big-endian, {@link #nonce}). Two implementations compute the same function: the JDK's (SunJCE, with vector intrinsics on x86-64 and aarch64,
 * several times faster than portable Java) when the runtime has it, Bouncy Castle's otherwise. Not thread-safe.
 */
public interface AeadEngine {

    int TAG_LENGTH = 16;
    int NONCE_LENGTH = 12;

    /**
     * Encrypts {@code plaintext}'s remaining bytes with associated data {@code aad[0, aadLength)} and writes ciphertext
     * then tag at {@code out}'s position. Advances both buffers.
     */
    void seal(byte[] nonce, byte[] aad, int aadLength, ByteBuffer plaintext, ByteBuffer out);

    /**
     * Authenticates and decrypts {@code ciphertext}'s remaining bytes (ciphertext then tag) into {@code out}. Returns
     * false, leaving {@code out}'s contents unspecified, when the tag does not verify.
     */
    boolean open(byte[] nonce, byte[] aad, int aadLength, ByteBuffer ciphertext, ByteBuffer out);

    /** The fastest engine this runtime has, keyed with {@code key} (32 bytes). */
    static AeadEngine create(byte[] key) {
        return JdkAvailability.AVAILABLE ? new JdkChaCha20Poly1305(key) : new BcChaCha20Poly1305(key);
    }

    /** Writes the nonce of frame {@code counter} into {@code nonce} (12 bytes). */
    static void nonce(long counter, byte[] nonce) {
        nonce[0] = 0;
        nonce[1] = 0;
        nonce[2] = 0;
        nonce[3] = 0;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
    }

    /** Whether the JDK provides ChaCha20-Poly1305. */
    final class JdkAvailability {
        static final boolean AVAILABLE = probe();

        private JdkAvailability() {}

        private static boolean probe() {
            try {
                Cipher.getInstance("ChaCha20-Poly1305");
                return true;
            } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
                return false;
            }
        }
    }
}
