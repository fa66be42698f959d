package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.audit.Audit;
import io.jumpingvpn.gateway.audit.AuditEvent;
import io.jumpingvpn.gateway.internal.metrics.GatewayMetrics;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.store.NodeRef;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds the audit events the session service emits and counts the security ones. Never blocks. */
final class Events {

    /** The {@code kind} of a SECURITY_EVENT. */
    enum SecurityKind {
        AUTH_FAILURE,
        REPLAY,
        FRESHNESS,
        RECORD_CORRUPT,
        OWNERSHIP_ANOMALY,
        PROTOCOL_VIOLATION,
        ABUSE
    }

    private final Audit audit;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final String node;

    Events(Audit audit, GatewayMetrics metrics, Clock clock, String node) {
        this.audit = requireNonNull(audit, "audit");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        this.node = requireNonNull(node, "node");
    }

    void transitions(String session, List<Transition> transitions) {
        for (var transition : transitions) {
            audit.emit(AuditEvent.stateChange(
                    clock.instant(),
                    node,
                    session,
                    transition.version(),
                    transition.from().name(),
                    transition.to().name(),
                    transition.event().name(),
                    transition.status().name()));
        }
    }

    /** {@code signedAtMs}: the agent's timestamp in the request; the switch latency is measured from it. */
    void transportSwitch(
            String session,
            long version,
            String previous,
            String current,
            double lossRatio,
            long transportlessMs,
            long signedAtMs) {
        var now = clock.instant();
        long latencyMs = Math.max(0, now.toEpochMilli() - signedAtMs);
        audit.emit(AuditEvent.transportSwitch(
                now, node, session, version, previous, current, lossRatio, transportlessMs, latencyMs));
    }

    void reattachAccepted(String session, long version, long expected, long nonce, String source, String request) {
        metrics.reattach("ACCEPTED", "NONE");
        audit.emit(AuditEvent.reattachResult(
                clock.instant(),
                node,
                session,
                OptionalLong.of(version),
                Optional.empty(),
                expected,
                nonce,
                source,
                request));
    }

    void reattachRefused(
            String session,
            RejectCode code,
            OptionalLong currentVersion,
            long expected,
            long nonce,
            String source,
            String request) {
        metrics.reattach("REJECTED", code.name());
        audit.emit(AuditEvent.reattachResult(
                clock.instant(),
                node,
                session,
                currentVersion,
                Optional.of(code.name()),
                expected,
                nonce,
                source,
                request));
    }

    void handshakeAccepted(String session, long version, String source) {
        audit.emit(AuditEvent.handshakeResult(
                clock.instant(),
                node,
                Optional.of(session),
                OptionalLong.of(version),
                Optional.empty(),
                source,
                "session born"));
    }

    void handshakeRefused(RejectCode code, String source, String detail) {
        audit.emit(AuditEvent.handshakeResult(
                clock.instant(),
                node,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.of(code.name()),
                source,
                detail));
    }

    void ownershipChange(String session, long version, NodeRef previous, NodeRef current, String cause) {
        metrics.ownershipChange(cause);
        audit.emit(AuditEvent.ownershipChange(
                clock.instant(),
                node,
                session,
                version,
                previous.node().value(),
                previous.epoch(),
                current.node().value(),
                current.epoch(),
                cause));
    }

    /** An ownership change an operator asked for. */
    void ownershipChange(
            String session, long version, NodeRef previous, NodeRef current, String cause, Operator operator) {
        metrics.ownershipChange(cause);
        audit.emit(AuditEvent.ownershipChange(
                clock.instant(),
                node,
                session,
                version,
                previous.node().value(),
                previous.epoch(),
                current.node().value(),
                current.epoch(),
                cause,
                operator.name()));
    }

    /** An operator's action and what came of it ({@code result}: DONE, PARTIAL, REFUSED). */
    void adminAction(
            Optional<String> session, String action, Operator operator, String target, String result, String detail) {
        audit.emit(AuditEvent.adminAction(
                clock.instant(), node, session, action, operator.name(), target, result, oneLine(detail)));
    }

    private static String oneLine(String text) {
        var line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= 1024 ? line : line.substring(0, 1021) + "...";
    }

    void terminated(String session, long version, String code, long ageMs, long transportlessMs, boolean committed) {
        metrics.terminated(code);
        audit.emit(AuditEvent.sessionTerminated(
                clock.instant(), node, session, version, code, ageMs, transportlessMs, committed));
    }

    void security(
            Optional<String> session,
            OptionalLong version,
            SecurityKind kind,
            String code,
            String source,
            String detail) {
        metrics.securityEvent(kind.name());
        audit.emit(
                AuditEvent.securityEvent(clock.instant(), node, session, version, kind.name(), code, source, detail));
    }

    /** A store refused an operation because the session's record fails its own invariants. */
    void corruptRecord(String session, String detail) {
        security(
                Optional.of(session), OptionalLong.empty(), SecurityKind.RECORD_CORRUPT, "RECORD_CORRUPT", "-", detail);
    }

    /** The security kind a refusal code stands for, if it is one an operator must see. */
    static Optional<SecurityKind> kindOf(RejectCode code) {
        return switch (code) {
            case AUTH_FAIL -> Optional.of(SecurityKind.AUTH_FAILURE);
            case REPLAY_DETECTED -> Optional.of(SecurityKind.REPLAY);
            case FRESHNESS_INVALID -> Optional.of(SecurityKind.FRESHNESS);
            case RATE_LIMITED -> Optional.of(SecurityKind.ABUSE);
            default -> Optional.empty();
        };
    }
}
