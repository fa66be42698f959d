package io.jumpingvpn.protocol.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link AeadEngine} on the JDK's ChaCha20-Poly1305. One {@link Cipher} reused for every frame, always driven through
 * its array methods: the JDK's {@code ByteBuffer} path copies a direct or read-only buffer into a new array per call,
 * so such buffers go through this thread's {@link AeadScratch} instead (processed in place there). Arrays are
 * processed in place too when input and output start at the same byte.
 */
public final class JdkChaCha20Poly1305 implements AeadEngine {

    private final Cipher cipher;
    private final SecretKeySpec key;

    public JdkChaCha20Poly1305(byte[] key) {
        this.key = new SecretKeySpec(Bytes.exact(key, 32, "ChaCha20-Poly1305 key"), "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
        }
    }

    @Override
    public void seal(byte[] nonce, byte[] aad, int aadLength, ByteBuffer plaintext, ByteBuffer out) {
        int length = plaintext.remaining();
        if (out.remaining() < length + TAG_LENGTH) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed: " + (length + TAG_LENGTH)
                    + " bytes of output needed, " + out.remaining() + " remain");
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.updateAAD(aad, 0, aadLength);
            if (directlyUsable(plaintext, out)) {
                cipher.doFinal(plaintext.array(), offset(plaintext), length, out.array(), offset(out));
            } else {
                var scratch = AeadScratch.get(length + TAG_LENGTH);
                plaintext.get(plaintext.position(), scratch, 0, length);
                cipher.doFinal(scratch, 0, length, scratch, 0);
                out.put(out.position(), scratch, 0, length + TAG_LENGTH);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        plaintext.position(plaintext.limit());
        out.position(out.position() + length + TAG_LENGTH);
    }

    @Override
    public boolean open(byte[] nonce, byte[] aad, int aadLength, ByteBuffer ciphertext, ByteBuffer out) {
        int length = ciphertext.remaining();
        if (length < TAG_LENGTH) {
            return false;
        }
        if (out.remaining() < length - TAG_LENGTH) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed: " + (length - TAG_LENGTH)
                    + " bytes of output needed, " + out.remaining() + " remain");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.updateAAD(aad, 0, aadLength);
            if (directlyUsable(ciphertext, out)) {
                cipher.doFinal(ciphertext.array(), offset(ciphertext), length, out.array(), offset(out));
            } else {
                var scratch = AeadScratch.get(length);
                ciphertext.get(ciphertext.position(), scratch, 0, length);
                cipher.doFinal(scratch, 0, length, scratch, 0);
                out.put(out.position(), scratch, 0, length - TAG_LENGTH);
            }
        } catch (AEADBadTagException forged) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        ciphertext.position(ciphertext.limit());
        out.position(out.position() + length - TAG_LENGTH);
        return true;
    }

    /**
     * Whether the cipher can read {@code in}'s array and write {@code out}'s directly: both writable heap buffers, in
     * different arrays, or in one array either starting at the same byte (in place: each byte is written after it was
     * read) or not overlapping.
     */
    private static boolean directlyUsable(ByteBuffer in, ByteBuffer out) {
        if (!in.hasArray() || !out.hasArray()) {
            return false;
        }
        if (in.array() != out.array()) {
            return true;
        }
        int inStart = offset(in);
        int outStart = offset(out);
        return outStart == inStart || outStart >= inStart + in.remaining() || outStart + out.remaining() <= inStart;
    }

    private static int offset(ByteBuffer buffer) {
        return buffer.arrayOffset() + buffer.position();
    }
}
