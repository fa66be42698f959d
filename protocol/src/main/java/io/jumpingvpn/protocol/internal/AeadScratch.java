package io.jumpingvpn.protocol.internal;

import io.jumpingvpn.protocol.wire.WireFormat;

/**
 * One working array per thread, as long as the longest frame, for AEAD input or output that does not sit in an array
 * of its own (a direct buffer, a read-only view): the bytes are copied in, processed in place, and copied out, instead
 * of the JDK cipher allocating a fresh array for every frame. The array is only used within one engine call, which
 * never calls another, so one per thread is enough.
 */
final class AeadScratch {

    /** A whole frame, so any ciphertext or plaintext of one fits. */
    static final int LENGTH = WireFormat.MAX_FRAME_SIZE;

    private static final ThreadLocal<byte[]> ARRAY = ThreadLocal.withInitial(() -> new byte[LENGTH]);

    private AeadScratch() {}

    /** This thread's working array, at least {@code length} long (a longer one for a longer request). */
    static byte[] get(int length) {
        var array = ARRAY.get();
        return length <= array.length ? array : new byte[length];
    }
}
