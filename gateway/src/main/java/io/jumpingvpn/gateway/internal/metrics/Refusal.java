package io.jumpingvpn.gateway.internal.metrics;

/**
 * Why the gateway refused a frame that decoded (decoding failures are counted by the protocol's {@code DropReason}).
 * Counted as {@code jvpn.gateway.frames.refused{reason}}.
 */
public enum Refusal {
    /** A sealed frame for a session this node does not hold. */
    UNKNOWN_SESSION,
    /** A sealed frame for a session that has no transport here (RECOVERING). */
    NOT_BOUND,
    /** A sealed frame that came over another path than the session's binding (an old binding). */
    WRONG_PATH,
    /** The secure channel refused it: another attachment (an older binding). */
    WRONG_ATTACHMENT,
    /** The secure channel refused it: a counter already seen. */
    REPLAYED,
    /** The secure channel refused it: a counter behind the replay window. */
    TOO_OLD,
    /** The secure channel refused it: the tag does not verify. */
    AUTH_FAILED,
    /** Authentic but not a valid body: the session is terminated with FATAL_PROTOCOL_ERROR. */
    MALFORMED_BODY,
    /** A frame type only a gateway sends (ACKs, rejects, cookies, redirects). */
    UNEXPECTED_TYPE,
    /**
     * The attachment may not forward now: held while its previous owner may still forward (beyond the hold's buffer),
     * frozen (partition, transfer), or taken over by another node.
     */
    BARRED,
    /** The node cannot prove its lease: it forwards nothing. */
    LEASE_UNPROVEN,
    /** The outbound channel is not writable; the frame was dropped rather than buffered without bound. */
    BACKPRESSURE,
    /** The egress could not take the payload (its socket is not ready or failed). */
    EGRESS_UNAVAILABLE,
    /** The control executor's queue is full: the request was dropped unanswered. */
    OVERLOADED,
    /** An identical copy of a signed request from the same source was still waiting: dropped unanswered. */
    DUPLICATE,
    /** A signed request waited longer than an agent waits for its answer: dropped unanswered when its turn came. */
    STALE,
    /** A bug: an exception escaped a handler. The pipeline survives it. */
    INTERNAL_ERROR
}
