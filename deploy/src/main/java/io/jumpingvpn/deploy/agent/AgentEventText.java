package io.jumpingvpn.deploy.agent;

import io.jumpingvpn.agent.AgentEvent;
import java.net.InetSocketAddress;

/** One human-readable line per agent event, for the terminal. */
public final class AgentEventText {

    private AgentEventText() {}

    public static String describe(AgentEvent event) {
        return switch (event) {
            case AgentEvent.Attached e ->
                "ATTACHED  session " + e.sessionId() + " at version " + e.version() + " via " + e.candidate()
                        + " (local port " + port(e.localAddress()) + ")";
            case AgentEvent.StateChanged e ->
                "state     " + e.from() + " -> " + e.to() + " (" + e.cause() + ") version " + e.version()
                        + (e.committed() ? "" : " (local, not committed)");
            case AgentEvent.TransportLost e ->
                "lost      transport " + e.candidate() + " from local port " + port(e.localAddress()) + ": "
                        + e.cause();
            case AgentEvent.ReattachSent e ->
                "reattach  -> " + e.candidate() + " from new local port " + port(e.localAddress())
                        + ", expected version " + e.expectedVersion() + ", nonce " + e.nonce();
            case AgentEvent.ReattachRejected e ->
                "rejected  by " + e.candidate() + ": " + e.code()
                        + (e.currentVersion().isPresent()
                                ? " (current version " + e.currentVersion().getAsLong() + ")"
                                : "");
            case AgentEvent.ReattachFailed e -> "no answer from " + e.candidate() + ": " + e.why();
            case AgentEvent.VersionAdopted e ->
                "version   adopted " + e.version() + " (was " + e.previousVersion() + ")";
            case AgentEvent.TransportSwitched e ->
                "ATTACHED  at version " + e.version() + " via " + e.current() + " (local port " + port(e.localAddress())
                        + ") after " + e.recoveryNanos() / 1_000_000 + " ms of recovery";
            case AgentEvent.Redirected e -> "redirect  to " + e.target() + " (" + e.reason() + ")";
            case AgentEvent.Terminated e ->
                "TERMINATED session " + e.sessionId() + " at version " + e.version() + ": " + e.code()
                        + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
            case AgentEvent.BirthFailed e ->
                "no session: " + e.detail()
                        + e.code().map(code -> " (" + code + ")").orElse("");
        };
    }

    private static int port(InetSocketAddress address) {
        return address.getPort();
    }
}
