package io.jumpingvpn.store.tck;

import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionStore;
import java.time.Duration;

/** What a store under test provides to the contract suite. */
public interface StoreFixture {

    /**
     * A fresh store: no sessions, no nodes, no incarnation. Every store created during one test must be isolated from
     * every other (a fresh key prefix or database), because a test may open two at once to compare them. The suite
     * closes it after the test.
     */
    SessionStore createStore();

    /**
     * Lets {@code duration} of store time pass. A store with an injectable clock advances it; a store that keeps real
     * time (Redis {@code TIME}) sleeps. The suite keeps the durations it waits out below a second, except the tombstone
     * test, which waits out {@link #tombstoneRetention()}.
     */
    void elapse(Duration duration);

    /**
     * The tombstone retention the stores of {@link #createStore()} were configured with. Tests check right after a
     * termination or an expiry that the record is still there, so it must be at least 2 seconds; real-time stores
     * should keep it below 10 seconds, because one test waits it out.
     */
    Duration tombstoneRetention();

    /**
     * Makes the stored record of {@code id} fail its invariants, if this store can hold such a record (for example by
     * writing an impossible version straight into Redis). Returns false when it cannot, which skips the corruption
     * test: a store that only ever holds validated objects cannot be corrupted from outside.
     */
    default boolean corruptRecord(SessionStore store, SessionId id) {
        return false;
    }
}
