package io.jumpingvpn.protocol.internal;

import java.nio.ByteBuffer;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** {@link AeadEngine} on Bouncy Castle's lightweight ChaCha20Poly1305, for runtimes without the JDK one. */
public final class BcChaCha20Poly1305 implements AeadEngine {

    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
    private final KeyParameter key;

    public BcChaCha20Poly1305(byte[] key) {
        this.key = new KeyParameter(Bytes.exact(key, 32, "ChaCha20-Poly1305 key"));
    }

    @Override
    public void seal(byte[] nonce, byte[] aad, int aadLength, ByteBuffer plaintext, ByteBuffer out) {
        aead.init(true, new ParametersWithIV(key, nonce));
        aead.processAADBytes(aad, 0, aadLength);
        var input = toArray(plaintext);
        var output = new byte[input.length + TAG_LENGTH];
        int written = aead.processBytes(input, 0, input.length, output, 0);
        try {
            aead.doFinal(output, written);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        out.put(output);
    }

    @Override
    public boolean open(byte[] nonce, byte[] aad, int aadLength, ByteBuffer ciphertext, ByteBuffer out) {
        aead.init(false, new ParametersWithIV(key, nonce));
        aead.processAADBytes(aad, 0, aadLength);
        var input = toArray(ciphertext);
        if (input.length < TAG_LENGTH) {
            return false;
        }
        var output = new byte[input.length - TAG_LENGTH];
        int written = aead.processBytes(input, 0, input.length, output, 0);
        try {
            aead.doFinal(output, written);
        } catch (InvalidCipherTextException forged) {
            return false;
        }
        out.put(output);
        return true;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        var bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
