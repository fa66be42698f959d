package io.jumpingvpn.gateway.audit;

/** The kinds of audit event of the system brief. */
public enum AuditEventType {
    /** A session changed state: {@code from}, {@code to}, {@code event}, {@code status} (COMMITTED or LOCAL). */
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
    SECURITY_EVENT
}
