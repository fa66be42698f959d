package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.Candidate;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of an agent ({@link Agent#status()}). The session fields come from one consistent view the agent publishes
 * after every change (and every tick, for the quality); the counters are read separately, so they may be a few frames
 * ahead of the view.
 *
 * @param sessionId empty before the handshake
 * @param confirmedVersion the last version the gateway confirmed (signed in the next reattach)
 * @param highestSeenVersion the highest version the gateway reported; a lower one later is a regression
 * @param candidate the candidate of the current transport (empty while none is attached)
 * @param localAddress the local address of the current transport's socket (a new port after every reattach)
 * @param forwardAddress the bound local UDP forward address, if configured
 * @param quality the current transport's heartbeat numbers over the loss window
 * @param end how the run ended, once it has
 */
public record AgentStatus(
        String name,
        Optional<String> sessionId,
        SessionState state,
        long confirmedVersion,
        long highestSeenVersion,
        Optional<Candidate> candidate,
        Optional<InetSocketAddress> localAddress,
        Optional<InetSocketAddress> forwardAddress,
        Optional<TransportQuality> quality,
        Optional<AgentEnd> end,
        Counts counts) {

    public AgentStatus {
        requireNonNull(name, "name");
        requireNonNull(sessionId, "sessionId");
        requireNonNull(state, "state");
        requireNonNull(candidate, "candidate");
        requireNonNull(localAddress, "localAddress");
        requireNonNull(forwardAddress, "forwardAddress");
        requireNonNull(quality, "quality");
        requireNonNull(end, "end");
        requireNonNull(counts, "counts");
    }

    /** Whether the session is carried by a live transport (ATTACHED, VOLATILE or DEGRADED). */
    public boolean isAttached() {
        return state == SessionState.ATTACHED || state == SessionState.VOLATILE || state == SessionState.DEGRADED;
    }

    /**
     * @param loss heartbeat loss over the loss window, in [0, 1]
     * @param rttNanos mean heartbeat round trip over the window
     * @param jitterNanos mean difference between consecutive round trips
     */
    public record TransportQuality(double loss, OptionalLong rttNanos, OptionalLong jitterNanos) {
        public TransportQuality {
            requireNonNull(rttNanos, "rttNanos");
            requireNonNull(jitterNanos, "jitterNanos");
        }
    }

    /**
     * Running totals.
     *
     * @param reattaches reattaches accepted
     * @param switches transport switches started (recoveries, voluntary switches, redirects)
     * @param framesSent frames written to gateway transports (handshake, reattach, heartbeat, data, ...; resends too)
     * @param framesReceived frames from gateways that decoded and were accepted
     * @param framesRejected frames that decoded but were refused: sealed frames of another attachment, replayed or
     *     forged, and signed replies that do not answer this agent's request
     * @param malformedDropped datagrams or records from gateways that did not decode as a frame
     * @param dataSent DATA frames sent
     * @param dataReceived DATA frames accepted and delivered
     * @param localDropped local datagrams (or {@link Agent#send} payloads) dropped: not attached, too large, or the
     *     transport's buffer full
     * @param historyDropped history lines dropped because the history writer could not keep up
     */
    public record Counts(
            long reattaches,
            long switches,
            long framesSent,
            long framesReceived,
            long framesRejected,
            long malformedDropped,
            long dataSent,
            long dataReceived,
            long localDropped,
            long historyDropped) {}
}
