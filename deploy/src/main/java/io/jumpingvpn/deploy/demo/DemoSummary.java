package io.jumpingvpn.deploy.demo;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The demo's last stdout line, as JSON (snake_case names). */
@JsonPropertyOrder({
    "ok",
    "session_id",
    "reattaches",
    "state_version",
    "state",
    "sent",
    "received",
    "lost",
    "gap_ms",
    "transport_before",
    "transport_after"
})
record DemoSummary(
        boolean ok,
        String sessionId,
        long reattaches,
        long stateVersion,
        String state,
        long sent,
        long received,
        long lost,
        long gapMs,
        String transportBefore,
        String transportAfter) {}
