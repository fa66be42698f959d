package io.jumpingvpn.store;

/**
 * Why a store refused a request. A refused request changed nothing. The first eleven share their names with the
 * protocol's reject codes; the rest are store-side facts the gateway maps to a protocol code and an audit event.
 */
public enum StoreRejectCode {
    /** No record with that id (never created, or removed after its tombstone retention). */
    SESSION_NOT_FOUND,
    /** The session lifetime ran out (store clock). */
    SESSION_EXPIRED,
    /** The record's state does not allow the request (terminated, wrong {@code from} state). */
    INVALID_STATE,
    /** The request's expected version is not the current one and it did not race for it. */
    STALE_VERSION,
    /** Another commit won the race for the same version, or the requester is not the owner. */
    OWNERSHIP_CONFLICT,
    /** The nonce is not above the last accepted one, or the request id was committed by another node. */
    REPLAY_DETECTED,
    /** The store could not be reached and the request was certainly not executed. */
    STORE_UNAVAILABLE,
    /** The committing node's lease at its epoch is not alive: it may not commit anything. */
    LEASE_EXPIRED,
    /** The store incarnation is missing or differs from the one the node registered under. */
    STORE_STATE_LOST,
    /** A create for an id that already exists. */
    SESSION_EXISTS,
    /** Reconciliation: the request did not commit and has been fenced so that it never will. */
    NOT_COMMITTED,
    /** The stored record failed its own invariants; nothing was written. The caller raises a security event. */
    RECORD_CORRUPT
}
