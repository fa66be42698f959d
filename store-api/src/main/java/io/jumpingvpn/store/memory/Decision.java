package io.jumpingvpn.store.memory;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreResult;
import java.util.Optional;

/**
 * What a rule decided for one session: the record to store, if anything changes, and the result for the caller. A
 * refusal never writes; reconciliation is the one refusal-shaped answer ({@code NOT_COMMITTED}) that does, because it
 * fences the request id.
 */
record Decision(Optional<SessionRecord> write, StoreResult<SessionRecord> result) {

    Decision {
        requireNonNull(write, "write");
        requireNonNull(result, "result");
    }

    static Decision answer(StoreResult<SessionRecord> result) {
        return new Decision(Optional.empty(), result);
    }

    static Decision store(SessionRecord record, StoreResult<SessionRecord> result) {
        return new Decision(Optional.of(record), result);
    }

    static Decision commit(SessionRecord record) {
        return store(record, StoreResult.committed(record));
    }
}
