package io.jumpingvpn.testkit.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a {@link FaultProxy} does with the bytes of existing and new connections. "Upstream" is client to server,
 * "downstream" server to client.
 */
public sealed interface FaultMode {

    /** Forward everything. */
    record Pass() implements FaultMode {}

    /**
     * Forward nothing in either direction and keep connections open, as a network partition does: clients see
     * timeouts. Bytes read meanwhile are held, not lost, and delivered when the mode changes, as TCP would deliver
     * them after a partition heals; beyond one held chunk per direction, back-pressure stops the senders.
     */
    record Blackhole() implements FaultMode {}

    /**
     * Forward upstream, discard downstream: the server runs every command but its replies are lost for good. A
     * connection that lost replies is out of step with its client; reset it ({@link Reset}) before trusting it again.
     */
    record DropReplies() implements FaultMode {}

    /** Sleep {@code delay} before forwarding each chunk, in both directions. */
    record Delay(Duration delay) implements FaultMode {
        public Delay {
            requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.isZero() || delay.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("delay must be between 1 ms and 1 min, got " + delay);
            }
        }
    }

    /** Abort every connection with RST, and accept-and-reset every new one, until the mode changes. */
    record Reset() implements FaultMode {}

    FaultMode PASS = new Pass();
    FaultMode BLACKHOLE = new Blackhole();
    FaultMode DROP_REPLIES = new DropReplies();
    FaultMode RESET = new Reset();

    static FaultMode delay(Duration delay) {
        return new Delay(delay);
    }
}
