package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A frame of a live attachment: a cleartext header that routes it ({@code sessionId}), names the attachment it belongs
 * to ({@code attachmentVersion}: the state_version at which its keys were agreed) and numbers it ({@code counter}, per
 * direction), then a ChaCha20-Poly1305 ciphertext of a {@link TunnelMessage} body with its tag. The whole header is
 * authenticated as associated data. Immutable.
 */
public final class SealedFrame implements Frame {

    /** Magic, version, type, session id length, attachment version, counter, ciphertext length. */
    private static final int FIXED_HEADER = WireFormat.HEADER_LENGTH + 1 + 8 + 8 + 2;

    private final MessageType type;
    private final String sessionId;
    private final long attachmentVersion;
    private final long counter;
    private final byte[] ciphertext;

    SealedFrame(MessageType type, String sessionId, long attachmentVersion, long counter, byte[] ciphertext) {
        requireNonNull(type, "type");
        requireNonNull(ciphertext, "ciphertext");
        if (!type.isSealed()) {
            throw new IllegalArgumentException(type + " is not a sealed frame type");
        }
        WireFormat.checkSessionId(sessionId);
        WireFormat.checkVersion(attachmentVersion, "attachmentVersion");
        WireFormat.checkNonNegative(counter, "counter");
        int maxCiphertext = WireFormat.MAX_FRAME_SIZE - headerLength(sessionId);
        if (ciphertext.length < WireFormat.AEAD_TAG_LENGTH || ciphertext.length > maxCiphertext) {
            throw new IllegalArgumentException("ciphertext must be " + WireFormat.AEAD_TAG_LENGTH + " to "
                    + maxCiphertext + " bytes, got " + ciphertext.length);
        }
        this.type = type;
        this.sessionId = sessionId;
        this.attachmentVersion = attachmentVersion;
        this.counter = counter;
        this.ciphertext = ciphertext;
    }

    /** A sealed frame holding a copy of {@code ciphertext} (body and tag). */
    public static SealedFrame of(
            MessageType type, String sessionId, long attachmentVersion, long counter, byte[] ciphertext) {
        return new SealedFrame(type, sessionId, attachmentVersion, counter, ciphertext.clone());
    }

    @Override
    public MessageType type() {
        return type;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The state_version of the attachment whose keys sealed this frame. */
    public long attachmentVersion() {
        return attachmentVersion;
    }

    /** The sender's per-direction frame counter; the AEAD nonce derives from it. */
    public long counter() {
        return counter;
    }

    /** The ciphertext and tag, read-only, without copying. */
    public ByteBuffer ciphertext() {
        return ByteBuffer.wrap(ciphertext).asReadOnlyBuffer();
    }

    public int ciphertextLength() {
        return ciphertext.length;
    }

    byte[] ciphertextArray() {
        return ciphertext;
    }

    /** Length of the cleartext header of a sealed frame for {@code sessionId}: everything before the ciphertext. */
    public static int headerLength(String sessionId) {
        return FIXED_HEADER + sessionId.length();
    }

    /**
     * Writes the cleartext header of a sealed frame at {@code out}'s position and advances it. The same bytes are the
     * frame's associated data (after the direction byte), so the channel writes them once and reads them back.
     */
    public static void writeHeader(
            ByteBuffer out,
            MessageType type,
            String sessionId,
            long attachmentVersion,
            long counter,
            int ciphertextLength) {
        out.put((byte) WireFormat.MAGIC)
                .put((byte) WireFormat.VERSION)
                .put((byte) type.wireValue())
                .put((byte) sessionId.length())
                .put(sessionId.getBytes(StandardCharsets.US_ASCII))
                .putLong(attachmentVersion)
                .putLong(counter)
                .putShort((short) ciphertextLength);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealedFrame that
                && type == that.type
                && sessionId.equals(that.sessionId)
                && attachmentVersion == that.attachmentVersion
                && counter == that.counter
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return ((type.hashCode() * 31 + sessionId.hashCode()) * 31 + Long.hashCode(counter)) * 31
                + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "SealedFrame[" + type + ", session=" + sessionId + ", attachmentVersion=" + attachmentVersion
                + ", counter=" + counter + ", ciphertext="
                + HexFormat.of().formatHex(ciphertext, 0, Math.min(16, ciphertext.length))
                + (ciphertext.length > 16 ? "...(" + ciphertext.length + " bytes)" : "") + "]";
    }
}
