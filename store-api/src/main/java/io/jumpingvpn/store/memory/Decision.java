package io.jumpingvpn.store.memory;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import java.util.Optional;

/**
 * What a rule decided for one session: the record to store, if anything changes (or that the record goes: an eviction),
 * and the result for the caller. A refusal never writes; reconciliation is the one refusal-shaped answer
 * ({@code NOT_COMMITTED}) that does, because it fences the request id.
 */
record Decision(Optional<SessionRecord> write, boolean remove, StoreResult<SessionRecord> result) {

    Decision {
        requireNonNull(write, "write");
        requireNonNull(result, "result");
        if (remove && write.isPresent()) {
            throw new IllegalArgumentException("a decision writes a record or removes it, not both");
        }
    }

    static Decision answer(StoreResult<SessionRecord> result) {
        return new Decision(Optional.empty(), false, result);
    }

    static Decision store(SessionRecord record, StoreResult<SessionRecord> result) {
        return new Decision(Optional.of(record), false, result);
    }

    /** The record is removed; the caller gets it as it was. */
    static Decision remove(SessionRecord removed) {
        return new Decision(Optional.empty(), true, StoreResult.committed(removed));
    }

    static Decision commit(SessionRecord record) {
        return store(record, StoreResult.committed(record));
    }
}
