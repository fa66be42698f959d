package io.jumpingvpn.gateway.internal.egress;

import java.nio.ByteBuffer;

/** One session's way out. Thread-safe. */
public interface EgressPort extends AutoCloseable {

    /**
     * Sends the remaining bytes of {@code payload} (valid only during the call); false when the port could not take it
     * (not ready, closed, or its socket is congested).
     */
    boolean send(ByteBuffer payload);

    /** Releases the port's socket; later sends return false. */
    @Override
    void close();
}
