package io.jumpingvpn.store;

/** Which operation produced the current version of a record. */
public enum CommitKind {
    CREATE,
    REATTACH,
    TRANSITION,
    TRANSFER,
    TERMINATE
}
