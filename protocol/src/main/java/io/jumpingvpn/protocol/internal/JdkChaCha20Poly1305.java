package io.jumpingvpn.protocol.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** {@link AeadEngine} on the JDK's ChaCha20-Poly1305. One {@link Cipher} reused for every frame. */
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
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.updateAAD(aad, 0, aadLength);
            cipher.doFinal(plaintext, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    @Override
    public boolean open(byte[] nonce, byte[] aad, int aadLength, ByteBuffer ciphertext, ByteBuffer out) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.updateAAD(aad, 0, aadLength);
            cipher.doFinal(ciphertext, out);
            return true;
        } catch (AEADBadTagException forged) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }
}
