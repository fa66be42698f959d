/**
 * Audit events: the immutable {@link io.jumpingvpn.gateway.audit.AuditEvent} with the brief's common fields, the
 * {@link io.jumpingvpn.gateway.audit.AuditSink} interface, the non-blocking {@link io.jumpingvpn.gateway.audit.Audit}
 * dispatcher (bounded queue, one writer thread, drops counted) and a JSON-lines sink. Nothing here touches a socket of
 * the data path or the store; sinks run only on the writer thread.
 */
package io.jumpingvpn.gateway.audit;
