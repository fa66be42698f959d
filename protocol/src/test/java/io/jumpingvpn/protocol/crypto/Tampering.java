package io.jumpingvpn.protocol.crypto;

import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.Frame;
import io.jumpingvpn.protocol.wire.FrameCodec;
import java.util.ArrayList;
import java.util.List;

/** Every single-bit change of a frame that still decodes: what an attacker on the path could send instead. */
final class Tampering {

    private Tampering() {}

    static List<Frame> everyDecodableBitFlip(Frame frame) {
        var bytes = FrameCodec.encode(frame);
        var variants = new ArrayList<Frame>();
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            var tampered = bytes.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            if (FrameCodec.decode(tampered) instanceof DecodeResult.Decoded(var decoded)) {
                variants.add(decoded);
            }
        }
        return variants;
    }
}
