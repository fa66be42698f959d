package io.jumpingvpn.store.tck;

import org.junit.jupiter.api.Nested;

/**
 * The whole contract suite. A store passes the contract when a subclass of this passes:
 *
 * <pre>{@code
 * class MyStoreIntegrationTests extends SessionStoreContract {
 *     public SessionStore createStore() { return new MyStore(freshNamespace()); }
 *     public void elapse(Duration duration) { sleep(duration); }
 *     public Duration tombstoneRetention() { return Duration.ofSeconds(3); }
 * }
 * }</pre>
 *
 * Each part runs as a nested class against the hooks of the enclosing test; a part can also be run on its own by
 * extending it and returning a {@link StoreFixture}.
 */
public abstract class SessionStoreContract implements StoreFixture {

    @Nested
    class SharedChecks extends SharedChecksContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class CreateReadList extends CreateReadListContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class Reattach extends ReattachContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class TransitionTerminate extends TransitionTerminateContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class Transfer extends TransferContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class Handovers extends HandoverContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class OwnershipWatch extends OwnershipWatchContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class NodeLeases extends NodeLeaseContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class Reconcile extends ReconcileContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class Expiry extends ExpiryContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        protected StoreFixture fixture() {
            return SessionStoreContract.this;
        }
    }
}
