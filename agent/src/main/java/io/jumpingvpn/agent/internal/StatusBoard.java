package io.jumpingvpn.agent.internal;

import io.jumpingvpn.agent.AgentEnd;
import io.jumpingvpn.agent.AgentStatus;
import io.jumpingvpn.protocol.state.SessionLedger;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.Candidate;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What {@code status()} shows of the session: written on the agent's loop after every change and every tick as one
 * immutable view, read from any thread without touching the loop-confined state.
 */
final class StatusBoard {

    private record View(
            Optional<String> session,
            SessionState state,
            long confirmed,
            long highest,
            Optional<Candidate> candidate,
            Optional<InetSocketAddress> local,
            Optional<AgentStatus.TransportQuality> quality) {}

    private volatile View view =
            new View(Optional.empty(), SessionState.BIRTH, 0, 0, Optional.empty(), Optional.empty(), Optional.empty());

    /** On the loop: the session as it is now. */
    void publish(String sessionId, SessionLedger ledger, LiveLink link, long now) {
        Optional<Candidate> candidate = Optional.empty();
        Optional<InetSocketAddress> local = Optional.empty();
        Optional<AgentStatus.TransportQuality> quality = Optional.empty();
        if (link != null) {
            candidate = Optional.of(link.transport.candidate());
            local = link.transport.localAddress();
            var measured = link.quality(now);
            quality = Optional.of(
                    new AgentStatus.TransportQuality(measured.loss(), measured.meanRttNanos(), measured.jitterNanos()));
        }
        view = new View(
                Optional.ofNullable(sessionId),
                ledger.state(),
                ledger.confirmedVersion(),
                ledger.highestSeenVersion(),
                candidate,
                local,
                quality);
    }

    /** Whether the session is on a live transport (ATTACHED, VOLATILE, DEGRADED). */
    boolean isAttached() {
        var state = view.state();
        return state == SessionState.ATTACHED || state == SessionState.VOLATILE || state == SessionState.DEGRADED;
    }

    AgentStatus status(
            String name, Optional<InetSocketAddress> forward, Optional<AgentEnd> end, AgentStatus.Counts counts) {
        var current = view;
        return new AgentStatus(
                name,
                current.session(),
                current.state(),
                current.confirmed(),
                current.highest(),
                current.candidate(),
                current.local(),
                forward,
                current.quality(),
                end,
                counts);
    }
}
