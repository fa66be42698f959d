package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import io.jumpingvpn.protocol.internal.Labels;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeInit;
import io.jumpingvpn.protocol.wire.ReattachRequest;
import io.jumpingvpn.protocol.wire.SignedFrame;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The store request id of an agent request: unpadded base64url of the first 16 bytes of
 * {@code SHA-256(REQUEST_ID label || signed part of the request)}, 22 characters of {@code [A-Za-z0-9_-]}. It is a
 * pure function of what the agent signed, so the same request has the same id at every node; the signature itself is
 * left out so that no re-encoding of it can change the id.
 */
public final class RequestIds {

    private static final int ID_BYTES = 16;

    private RequestIds() {}

    public static String of(ReattachRequest request) {
        return compute(requireNonNull(request, "request"));
    }

    public static String of(HandshakeInit init) {
        return compute(requireNonNull(init, "init"));
    }

    private static String compute(SignedFrame frame) {
        var digest = new SHA256Digest();
        digest.update(Labels.REQUEST_ID, 0, Labels.REQUEST_ID.length);
        var signed = FrameCodec.signedPart(frame);
        digest.update(signed, 0, signed.length);
        var hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return Bytes.base64Url(Arrays.copyOf(hash, ID_BYTES));
    }
}
