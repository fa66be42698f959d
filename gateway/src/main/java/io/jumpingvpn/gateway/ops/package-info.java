/**
 * The node's operations HTTP endpoint ({@link io.jumpingvpn.gateway.ops.OpsServer}): {@code /metrics} for Prometheus,
 * {@code /healthz} and {@code /readyz} for an orchestrator. Read-only: nothing here changes a session or the node (the
 * bearer-token admin API that does lives elsewhere, on its own port).
 */
package io.jumpingvpn.gateway.ops;
