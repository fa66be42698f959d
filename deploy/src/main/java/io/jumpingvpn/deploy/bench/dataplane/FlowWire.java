package io.jumpingvpn.deploy.bench.dataplane;

import java.nio.ByteBuffer;

/**
 * What a flow puts on the wire around its payloads, and how it gets the payload back out of an echoed datagram. The
 * load generator is the same for every wire; only this differs between the baseline and the tunnel. Not thread-safe:
 * one flow, one thread.
 */
interface FlowWire {

    /** Writes the datagram carrying {@code payload}'s remaining bytes at {@code out}'s position. */
    void wrap(ByteBuffer payload, ByteBuffer out);

    /**
     * The payload echoed in {@code datagram} (position to limit), or null when the datagram carries none: a frame of
     * another kind (a heartbeat's answer), or one that did not verify ({@link #invalid()} counts those).
     */
    ByteBuffer unwrap(ByteBuffer datagram);

    /** Writes a keep-alive datagram at {@code out}'s position if one is due at {@code nowNanos}; false if none is. */
    boolean keepAlive(long nowNanos, ByteBuffer out);

    /** Datagrams that did not verify. */
    long invalid();

    /** The plain echo: the payload is the datagram. */
    final class Plain implements FlowWire {
        @Override
        public void wrap(ByteBuffer payload, ByteBuffer out) {
            out.put(payload);
        }

        @Override
        public ByteBuffer unwrap(ByteBuffer datagram) {
            return datagram;
        }

        @Override
        public boolean keepAlive(long nowNanos, ByteBuffer out) {
            return false;
        }

        @Override
        public long invalid() {
            return 0;
        }
    }
}
