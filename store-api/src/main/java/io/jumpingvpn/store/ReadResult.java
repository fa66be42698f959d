package io.jumpingvpn.store;

import static java.util.Objects.requireNonNull;

/** The outcome of reading one session record. */
public sealed interface ReadResult {

    /**
     * The record as stored, with the store time of the read and whether its owner's lease (at the owner's epoch) was
     * alive at that time.
     */
    record Found(SessionRecord record, long storeNowMs, boolean ownerLeaseAlive) implements ReadResult {
        public Found {
            requireNonNull(record, "record");
        }
    }

    /** No record with that id. */
    record Absent() implements ReadResult {}

    /**
     * A record exists but fails its own invariants (unknown format, impossible versions, unparsable fields). Nothing
     * about the session can be proven: the caller raises a security event and treats the session as unprovable.
     */
    record Corrupt(String detail) implements ReadResult {
        public Corrupt {
            requireNonNull(detail, "detail");
        }
    }

    /** The store could not answer; nothing can be concluded about the record. */
    record Unavailable(String cause) implements ReadResult {
        public Unavailable {
            requireNonNull(cause, "cause");
        }
    }
}
