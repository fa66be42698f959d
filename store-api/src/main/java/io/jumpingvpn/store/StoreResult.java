package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * The outcome of a store mutation: it committed, it was refused (and changed nothing), or nobody knows.
 *
 * <p>{@link Unknown} means the command may or may not have run (it timed out, or the connection broke after it was
 * sent). The caller must treat it as "not committed": reject the client, bind nothing, and reconcile
 * ({@link SessionStore#reconcile}) before anything else touches that session.
 */
public sealed interface StoreResult<T> {

    /**
     * The request committed. {@code retried} is true when this is the original success returned again for a repeated
     * request id from the node that committed it.
     */
    record Committed<T>(T value, boolean retried) implements StoreResult<T> {
        public Committed {
            requireNonNull(value, "value");
        }
    }

    /**
     * The request was refused and changed nothing. {@code currentVersion} is the stored version when the check that
     * refused found the record; it is always present for {@code STALE_VERSION}, {@code OWNERSHIP_CONFLICT},
     * {@code INVALID_STATE} and {@code SESSION_EXPIRED}.
     */
    record Rejected<T>(StoreRejectCode code, String detail, OptionalLong currentVersion) implements StoreResult<T> {
        public Rejected {
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
            requireNonNull(currentVersion, "currentVersion");
        }
    }

    /** The outcome is unknown: the command may have run. */
    record Unknown<T>(String cause) implements StoreResult<T> {
        public Unknown {
            requireNonNull(cause, "cause");
        }
    }

    static <T> StoreResult<T> committed(T value) {
        return new Committed<>(value, false);
    }

    static <T> StoreResult<T> rejected(StoreRejectCode code, String detail) {
        return new Rejected<>(code, detail, OptionalLong.empty());
    }

    static <T> StoreResult<T> rejected(StoreRejectCode code, String detail, long currentVersion) {
        return new Rejected<>(code, detail, OptionalLong.of(currentVersion));
    }

    static <T> StoreResult<T> unknown(String cause) {
        return new Unknown<>(cause);
    }

    default boolean isCommitted() {
        return this instanceof Committed;
    }
}
