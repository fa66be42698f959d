package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentListener;
import io.jumpingvpn.chaos.history.Operation;
import io.jumpingvpn.chaos.recording.Anomalies;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.wire.Candidate;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one real agent's events into operations of {@code history.jsonl}, as the agent does them: its birth is an
 * {@code attach} (invoked when the agent starts, ok at the HANDSHAKE_ACK, failed or unknown when no session was born);
 * every REATTACH_REQUEST it sends is a {@code reattach} at the node behind the candidate, completed by the verified
 * ACK (ok, with the version), a verified REJECT (fail, with its code), or no verified answer (info: it may have
 * committed). The agent's own history file, written by the agent, carries what it attached at and accepted.
 *
 * <p>Events arrive on the agent's thread, one at a time; {@link #closed} may come from another thread.
 */
final class AgentRecorder implements AgentListener {

    private final String name;
    private final RunHistory history;
    private final Map<String, String> nodeByEndpoint;
    private final Anomalies anomalies;
    private Operation pendingAttach;
    private Operation pendingReattach;
    private String session;
    private volatile boolean ended;

    AgentRecorder(String name, RunHistory history, Map<String, String> nodeByEndpoint, Anomalies anomalies) {
        this.name = requireNonNull(name, "name");
        this.history = requireNonNull(history, "history");
        this.nodeByEndpoint = Map.copyOf(nodeByEndpoint);
        this.anomalies = requireNonNull(anomalies, "anomalies");
    }

    /** The birth starts now: records the attach invoke (before the agent can answer it). */
    synchronized void birthStarted() {
        pendingAttach = history.started(history.invoke(System.nanoTime(), name, "attach"));
    }

    @Override
    public synchronized void onEvent(AgentEvent event) {
        switch (event) {
            case AgentEvent.Attached attached -> {
                session = attached.sessionId();
                var invoke = pendingAttach;
                pendingAttach = null;
                if (invoke != null) {
                    history.completed(invoke.withSession(attached.sessionId())
                            .ok(attached.monoNanos(), attached.version())
                            .withNode(node(attached.candidate()).orElse("unknown")));
                }
            }
            case AgentEvent.BirthFailed failed -> {
                ended = true;
                var invoke = pendingAttach;
                pendingAttach = null;
                if (invoke != null) {
                    history.completed(
                            failed.code().isPresent()
                                    ? invoke.fail(
                                            failed.monoNanos(),
                                            failed.code().get().name())
                                    : invoke.info(failed.monoNanos(), "no session born: " + failed.detail()));
                }
            }
            case AgentEvent.ReattachSent sent -> {
                unknown(sent.monoNanos(), "superseded by the next attempt before an answer");
                var invoke =
                        history.invoke(sent.monoNanos(), name, "reattach").withExpectedVersion(sent.expectedVersion());
                if (session != null) {
                    invoke = invoke.withSession(session);
                }
                var node = node(sent.candidate());
                if (node.isPresent()) {
                    invoke = invoke.withNode(node.get());
                }
                pendingReattach = history.started(invoke);
            }
            case AgentEvent.ReattachRejected rejected -> {
                var invoke = pendingReattach;
                pendingReattach = null;
                if (invoke != null) {
                    history.completed(
                            invoke.fail(rejected.monoNanos(), rejected.code().name()));
                }
            }
            case AgentEvent.ReattachFailed failed -> unknown(failed.monoNanos(), "no verified answer: " + failed.why());
            case AgentEvent.TransportSwitched switched -> {
                var invoke = pendingReattach;
                pendingReattach = null;
                if (invoke != null) {
                    history.completed(invoke.ok(switched.monoNanos(), switched.version()));
                }
            }
            case AgentEvent.Redirected redirected ->
                unknown(redirected.monoNanos(), "redirected to " + redirected.target());
            case AgentEvent.Terminated terminated -> {
                ended = true;
                unknown(terminated.monoNanos(), "the session ended (" + terminated.code() + ")");
            }
            case AgentEvent.StateChanged changed -> {
                if (changed.cause() == SessionEvent.VERSION_REGRESSION) {
                    anomalies.versionRegression();
                }
            }
            case AgentEvent.TransportLost ignored -> {}
            case AgentEvent.VersionAdopted ignored -> {}
        }
    }

    /** Completes an outstanding reattach as unknown. */
    private void unknown(long monoNs, String why) {
        var invoke = pendingReattach;
        pendingReattach = null;
        if (invoke != null) {
            history.completed(invoke.info(monoNs, why));
        }
    }

    /** The agent is being closed: whatever it still waits for has an unknown outcome. */
    synchronized void closed() {
        long now = System.nanoTime();
        unknown(now, "the agent was closed");
        var invoke = pendingAttach;
        pendingAttach = null;
        if (invoke != null) {
            history.completed(invoke.info(now, "the agent was closed before a session was born"));
        }
    }

    /** The agent could not even start. */
    synchronized void failedToStart(String why) {
        ended = true;
        var invoke = pendingAttach;
        pendingAttach = null;
        if (invoke != null) {
            history.completed(invoke.info(System.nanoTime(), "the agent did not start: " + why));
        }
    }

    boolean ended() {
        return ended;
    }

    private Optional<String> node(Candidate candidate) {
        return Optional.ofNullable(nodeByEndpoint.get(candidate.endpoint()));
    }
}
