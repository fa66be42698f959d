package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.RedirectReason;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Something that happened to an agent's session, delivered in order to its {@link AgentListener}. {@code monoNanos} is
 * the agent's monotonic time ({@link AgentConfig#nanoTime()}) when it happened.
 */
public sealed interface AgentEvent {

    long monoNanos();

    /** The handshake succeeded: session {@code sessionId} is ATTACHED at {@code version} over {@code candidate}. */
    record Attached(long monoNanos, String sessionId, long version, Candidate candidate, InetSocketAddress localAddress)
            implements AgentEvent {
        public Attached {
            requireNonNull(sessionId, "sessionId");
            requireNonNull(candidate, "candidate");
            requireNonNull(localAddress, "localAddress");
        }
    }

    /**
     * The session's state changed from {@code from} to {@code to} because of {@code cause}, at {@code version}.
     * {@code committed} is false for a transition kept locally by the version rule (TRANSPORT_DEAD while the transport
     * is dead, or a termination the gateway did not commit): its version is tentative.
     */
    record StateChanged(
            long monoNanos, SessionState from, SessionState to, SessionEvent cause, long version, boolean committed)
            implements AgentEvent {
        public StateChanged {
            requireNonNull(from, "from");
            requireNonNull(to, "to");
            requireNonNull(cause, "cause");
        }
    }

    /** Why the session left a transport. */
    enum LossCause {
        /** No frame arrived for the heartbeat dead time. */
        SILENCE,
        /** The connection was closed or reset, or the gateway's port is unreachable. */
        CLOSED,
        /** {@link Agent#killTransport()}: the socket was closed abruptly, as by a network change. */
        KILLED,
        /** A voluntary switch: the transport was VOLATILE or DEGRADED and a better candidate ranked above it. */
        BETTER_CANDIDATE,
        /** {@link Agent#switchTo}: an explicit request to move. */
        REQUESTED,
        /** A verified REDIRECT told the agent to reattach elsewhere. */
        REDIRECT
    }

    /**
     * The session left the transport over {@code candidate} ({@code cause}); it is RECOVERING. {@code loss} and
     * {@code rttNanos} are the transport's last numbers.
     */
    record TransportLost(
            long monoNanos,
            Candidate candidate,
            InetSocketAddress localAddress,
            LossCause cause,
            double loss,
            OptionalLong rttNanos)
            implements AgentEvent {
        public TransportLost {
            requireNonNull(candidate, "candidate");
            requireNonNull(localAddress, "localAddress");
            requireNonNull(cause, "cause");
            requireNonNull(rttNanos, "rttNanos");
        }
    }

    /** A REATTACH_REQUEST left over a new socket (sent once; resends of the same bytes are not reported). */
    record ReattachSent(
            long monoNanos, Candidate candidate, InetSocketAddress localAddress, long expectedVersion, long nonce)
            implements AgentEvent {
        public ReattachSent {
            requireNonNull(candidate, "candidate");
            requireNonNull(localAddress, "localAddress");
        }
    }

    /** A verified REATTACH_REJECT. {@code currentVersion} is present for STALE_VERSION and OWNERSHIP_CONFLICT. */
    record ReattachRejected(long monoNanos, Candidate candidate, RejectCode code, OptionalLong currentVersion)
            implements AgentEvent {
        public ReattachRejected {
            requireNonNull(candidate, "candidate");
            requireNonNull(code, "code");
            requireNonNull(currentVersion, "currentVersion");
        }
    }

    /** A reattach attempt over {@code candidate} got no verified answer in time, or its transport failed. */
    record ReattachFailed(long monoNanos, Candidate candidate, String why) implements AgentEvent {
        public ReattachFailed {
            requireNonNull(candidate, "candidate");
            requireNonNull(why, "why");
        }
    }

    /** A STALE_VERSION or OWNERSHIP_CONFLICT reject told the agent the session is at {@code version}; adopted. */
    record VersionAdopted(long monoNanos, long previousVersion, long version) implements AgentEvent {}

    /**
     * The reattach was accepted: the session moved from {@code previous} to {@code current} (same candidate and a new
     * local port after a NAT rebinding or a killed socket) and is ATTACHED at {@code version}. {@code recoveryNanos}
     * is the time since the session left its previous transport.
     */
    record TransportSwitched(
            long monoNanos,
            Candidate previous,
            Candidate current,
            InetSocketAddress localAddress,
            long version,
            long recoveryNanos)
            implements AgentEvent {
        public TransportSwitched {
            requireNonNull(previous, "previous");
            requireNonNull(current, "current");
            requireNonNull(localAddress, "localAddress");
        }
    }

    /** A verified REDIRECT: the agent reattaches at {@code target}. */
    record Redirected(long monoNanos, Candidate target, RedirectReason reason) implements AgentEvent {
        public Redirected {
            requireNonNull(target, "target");
            requireNonNull(reason, "reason");
        }
    }

    /** The session ended with {@code code} at {@code version} (the termination's version as this agent counts it). */
    record Terminated(long monoNanos, String sessionId, TerminationCode code, long version, String detail)
            implements AgentEvent {
        public Terminated {
            requireNonNull(sessionId, "sessionId");
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
        }
    }

    /** No session was born: the gateway refused the handshake for good, or no gateway answered in time. */
    record BirthFailed(long monoNanos, String detail, Optional<RejectCode> code) implements AgentEvent {
        public BirthFailed {
            requireNonNull(detail, "detail");
            requireNonNull(code, "code");
        }
    }
}
