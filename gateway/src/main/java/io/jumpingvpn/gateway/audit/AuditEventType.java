package io.jumpingvpn.gateway.audit;

/**
 * The kinds of audit event: the six of the system brief, plus the result of every handshake (so that every refusal the
 * node answers is in the trail) and the report of events the trail lost. Field by field in docs/events.md; JSON Schema
 * in {@code events.schema.json} next to this class.
 */
public enum AuditEventType {
    /** A session changed state: {@code from}, {@code to}, {@code status} (COMMITTED or LOCAL); the event as reason. */
    STATE_CHANGE,
    /** A session moved to another transport: previous and new binding, loss of the previous one. */
    TRANSPORT_SWITCH,
    /** A reattach was accepted or refused (with its code). */
    REATTACH_RESULT,
    /** A session's owner changed: previous and new owner with their epochs. */
    OWNERSHIP_CHANGE,
    /** A session ended: termination code, age, time without a transport. */
    SESSION_TERMINATED,
    /** Replay, authentication failure, ownership anomaly, corrupt record, abuse. */
    SECURITY_EVENT,
    /** A handshake was accepted (a new session) or refused (with its code). */
    HANDSHAKE_RESULT,
    /** Events were dropped because the audit queue was full; reported once the queue has room again. */
    AUDIT_DROPPED,
    /** An operator's action through the admin API (or a signal): terminate, drain, migrate, failover; who and what. */
    ADMIN_ACTION
}
