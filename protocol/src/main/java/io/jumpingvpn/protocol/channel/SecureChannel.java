package io.jumpingvpn.protocol.channel;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.Role;
import io.jumpingvpn.protocol.internal.AeadEngine;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.MessageType;
import io.jumpingvpn.protocol.wire.SealedFrame;
import io.jumpingvpn.protocol.wire.TunnelCodec;
import io.jumpingvpn.protocol.wire.TunnelMessage;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Seals and opens the frames of one attachment, on one side. Built from the {@link Attachment} a handshake or reattach
 * produced; a new attachment means a new channel (new keys, new counters, new replay window).
 *
 * <p>Sealing: the frame gets the next counter of this side's direction; the AEAD nonce is {@code 0^32 || counter}; the
 * associated data is this direction's byte followed by the frame's cleartext header (type, session id, attachment
 * version, counter, length), so none of them can be changed or moved to another direction, session or attachment.
 *
 * <p>Opening checks, in order: the session id, the attachment version (a frame of any other attachment is refused:
 * that is how an agent refuses data from an older binding), the replay window, the tag, then the body. Only an
 * authentic frame moves the replay window.
 *
 * <p>Thread-safety: sealing and opening use separate state and locks, so one thread may seal while another opens;
 * concurrent calls of the same kind serialise. The cipher instances are reused for every frame.
 */
public final class SecureChannel {

    /** Refusals are immutable and carry only their reason, so one of each serves every frame. */
    private static final OpenResult.Rejected[] REJECTIONS = rejections();

    private final Role role;
    private final String sessionId;
    private final long attachmentVersion;
    private final int headerLength;

    private final Object sendLock = new Object();
    private final AeadEngine sealer;
    /** Direction byte then this side's frame header; only type, counter and length change from frame to frame. */
    private final byte[] sendAad;

    private final ByteBuffer sendAadFields;
    private final ByteBuffer bodyScratch = ByteBuffer.allocate(64);
    private final byte[] sendNonce = new byte[AeadEngine.NONCE_LENGTH];
    private long nextCounter;

    private final Object receiveLock = new Object();
    private final AeadEngine opener;
    private final byte[] receiveAad;
    private final ByteBuffer receiveAadFields;
    private final ReplayWindow replayWindow;
    private final byte[] receiveNonce = new byte[AeadEngine.NONCE_LENGTH];

    /** Where type, counter and ciphertext length sit in the associated data (direction byte first). */
    private final int typeAt;

    private final int counterAt;
    private final int lengthAt;

    private SecureChannel(Attachment attachment, int replayWindowSize) {
        this.role = attachment.role();
        this.sessionId = attachment.sessionId();
        this.attachmentVersion = attachment.version();
        this.headerLength = SealedFrame.headerLength(sessionId);
        var keys = attachment.keys();
        var sendKey = keys.sendingKey(role);
        var receiveKey = keys.receivingKey(role);
        this.sealer = AeadEngine.create(sendKey);
        this.opener = AeadEngine.create(receiveKey);
        Arrays.fill(sendKey, (byte) 0);
        Arrays.fill(receiveKey, (byte) 0);
        this.sendAad = aadTemplate(role.sendingDirection(), sessionId, attachmentVersion, headerLength);
        this.sendAadFields = ByteBuffer.wrap(sendAad);
        this.receiveAad = aadTemplate(role.receivingDirection(), sessionId, attachmentVersion, headerLength);
        this.receiveAadFields = ByteBuffer.wrap(receiveAad);
        this.typeAt = 1 + 2;
        this.lengthAt = 1 + headerLength - 2;
        this.counterAt = lengthAt - 8;
        this.replayWindow = new ReplayWindow(replayWindowSize);
    }

    /** The direction byte and a sealed frame header of this attachment, with type, counter and length still zero. */
    private static byte[] aadTemplate(int direction, String sessionId, long attachmentVersion, int headerLength) {
        var aad = ByteBuffer.allocate(1 + headerLength).put((byte) direction);
        SealedFrame.writeHeader(aad, MessageType.DATA, sessionId, attachmentVersion, 0, 0);
        return aad.array();
    }

    /** Writes the per-frame fields of a header into {@code aad}. */
    private void fill(ByteBuffer aad, MessageType type, long counter, int ciphertextLength) {
        aad.put(typeAt, (byte) type.wireValue());
        aad.putLong(counterAt, counter);
        aad.putShort(lengthAt, (short) ciphertextLength);
    }

    /**
     * The channel of {@code attachment}'s side. {@code replayWindowSize} is this side's receive window
     * ({@code REPLAY_WINDOW}).
     */
    public static SecureChannel of(Attachment attachment, int replayWindowSize) {
        requireNonNull(attachment, "attachment");
        return new SecureChannel(attachment, replayWindowSize);
    }

    public Role role() {
        return role;
    }

    public String sessionId() {
        return sessionId;
    }

    public long attachmentVersion() {
        return attachmentVersion;
    }

    /** The encoded length of a sealed frame with a body of {@code bodyLength} bytes. */
    public int sealedLength(int bodyLength) {
        return headerLength + bodyLength + WireFormat.AEAD_TAG_LENGTH;
    }

    /** Seals {@code message} into a new frame. */
    public byte[] seal(TunnelMessage message) {
        var out = ByteBuffer.allocate(sealedLength(TunnelCodec.bodyLength(requireNonNull(message, "message"))));
        seal(message, out);
        return out.array();
    }

    /** Seals {@code message} at {@code out}'s position, advancing it by {@link #sealedLength}. */
    public void seal(TunnelMessage message, ByteBuffer out) {
        requireNonNull(message, "message");
        requireNonNull(out, "out");
        synchronized (sendLock) {
            if (message instanceof Data data) {
                sealLocked(MessageType.DATA, data.payload(), out);
                return;
            }
            bodyScratch.clear();
            TunnelCodec.writeBody(message, bodyScratch);
            bodyScratch.flip();
            sealLocked(message.type(), bodyScratch, out);
        }
    }

    /**
     * The data path: seals {@code payload}'s remaining bytes as a DATA frame at {@code out}'s position, without
     * intermediate copies. Advances both buffers.
     */
    public void sealData(ByteBuffer payload, ByteBuffer out) {
        requireNonNull(payload, "payload");
        requireNonNull(out, "out");
        if (payload.remaining() > WireFormat.MAX_DATA_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload must be at most " + WireFormat.MAX_DATA_PAYLOAD + " bytes, got " + payload.remaining());
        }
        synchronized (sendLock) {
            sealLocked(MessageType.DATA, payload, out);
        }
    }

    private void sealLocked(MessageType type, ByteBuffer body, ByteBuffer out) {
        int ciphertextLength = body.remaining() + WireFormat.AEAD_TAG_LENGTH;
        if (out.remaining() < headerLength + ciphertextLength) {
            throw new IllegalArgumentException("a sealed " + type + " frame needs " + (headerLength + ciphertextLength)
                    + " bytes, " + out.remaining() + " remain");
        }
        if (nextCounter == Long.MAX_VALUE) {
            // Never reached in practice (2^63 frames); refusing is what keeps a nonce from ever repeating.
            throw new IllegalStateException("the sending counter of this attachment is exhausted; reattach");
        }
        long counter = nextCounter++;
        fill(sendAadFields, type, counter, ciphertextLength);
        out.put(sendAad, 1, headerLength);
        AeadEngine.nonce(counter, sendNonce);
        sealer.seal(sendNonce, sendAad, sendAad.length, body, out);
    }

    /** Checks and decrypts a sealed frame of this attachment. */
    public OpenResult open(SealedFrame frame) {
        requireNonNull(frame, "frame");
        if (!frame.sessionId().equals(sessionId)) {
            return rejected(OpenResult.Failure.WRONG_SESSION);
        }
        if (frame.attachmentVersion() != attachmentVersion) {
            return rejected(OpenResult.Failure.WRONG_ATTACHMENT);
        }
        synchronized (receiveLock) {
            long counter = frame.counter();
            var verdict = replayWindow.check(counter);
            if (verdict != ReplayWindow.Verdict.FRESH) {
                return rejected(
                        verdict == ReplayWindow.Verdict.DUPLICATE
                                ? OpenResult.Failure.REPLAYED
                                : OpenResult.Failure.TOO_OLD);
            }
            fill(receiveAadFields, frame.type(), counter, frame.ciphertextLength());
            var plaintext = new byte[frame.ciphertextLength() - WireFormat.AEAD_TAG_LENGTH];
            AeadEngine.nonce(counter, receiveNonce);
            if (!opener.open(
                    receiveNonce, receiveAad, receiveAad.length, frame.ciphertext(), ByteBuffer.wrap(plaintext))) {
                return rejected(OpenResult.Failure.AUTH_FAILED);
            }
            replayWindow.accept(counter);
            var body = TunnelCodec.decodeBody(frame.type(), plaintext);
            return body.isPresent()
                    ? new OpenResult.Opened(body.get(), counter)
                    : rejected(OpenResult.Failure.MALFORMED_BODY);
        }
    }

    private static OpenResult.Rejected[] rejections() {
        var failures = OpenResult.Failure.values();
        var all = new OpenResult.Rejected[failures.length];
        for (var failure : failures) {
            all[failure.ordinal()] = new OpenResult.Rejected(failure);
        }
        return all;
    }

    private static OpenResult rejected(OpenResult.Failure failure) {
        return REJECTIONS[failure.ordinal()];
    }

    @Override
    public String toString() {
        return "SecureChannel[" + role + ", session=" + sessionId + ", attachment=" + attachmentVersion + "]";
    }
}
