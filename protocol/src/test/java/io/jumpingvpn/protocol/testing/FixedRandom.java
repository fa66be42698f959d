package io.jumpingvpn.protocol.testing;

import java.io.Serial;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A randomness source that hands out exactly the byte strings it was given, in order, so that a handshake can be
 * replayed against the vectors. Each {@code nextBytes} call must ask for the length of the next string; anything else
 * fails the test loudly.
 */
public final class FixedRandom extends SecureRandom {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Deque<byte[]> queue = new ArrayDeque<>();

    public FixedRandom(byte[]... values) {
        for (var value : values) {
            queue.add(value.clone());
        }
    }

    public FixedRandom then(byte[] value) {
        queue.add(value.clone());
        return this;
    }

    public boolean isDrained() {
        return queue.isEmpty();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        var next = queue.poll();
        if (next == null) {
            throw new IllegalStateException("FixedRandom ran out of values (asked for " + bytes.length + " bytes)");
        }
        if (next.length != bytes.length) {
            throw new IllegalStateException(
                    "FixedRandom was asked for " + bytes.length + " bytes, the next value has " + next.length);
        }
        System.arraycopy(next, 0, bytes, 0, bytes.length);
    }

    @Override
    public String toString() {
        return "FixedRandom[" + queue.size() + " values left: "
                + queue.stream().map(Arrays::toString).toList() + "]";
    }
}
