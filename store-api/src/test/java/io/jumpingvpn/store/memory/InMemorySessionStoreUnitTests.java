package io.jumpingvpn.store.memory;

import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.tck.ManualClock;
import io.jumpingvpn.store.tck.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;

/** The whole contract suite against the in-memory store, on a clock that moves only when the suite says so. */
class InMemorySessionStoreUnitTests extends SessionStoreContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Override
    public SessionStore createStore() {
        return new InMemorySessionStore(
                InMemoryStoreOptions.builder().clock(clock).build());
    }

    @Override
    public void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Override
    public Duration tombstoneRetention() {
        return InMemoryStoreOptions.DEFAULT_TOMBSTONE_RETENTION;
    }
}
