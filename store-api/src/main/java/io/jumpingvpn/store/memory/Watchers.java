package io.jumpingvpn.store.memory;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.Subscription;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The subscriptions of {@link InMemorySessionStore#watch} and their delivery. Messages are handed to one background
 * thread, never delivered inside the commit that produced them: a commit runs under the session's lock, and a listener
 * may call back into the store. The thread is started by the first subscription, so a store nobody watches has none.
 */
final class Watchers implements AutoCloseable {

    private static final System.Logger log = System.getLogger(Watchers.class.getName());

    private final ConcurrentHashMap<NodeRef, List<Watch>> watches = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; null until the first subscription. */
    private ExecutorService delivery;

    private boolean closed;

    private final class Watch implements Subscription {
        private final NodeRef self;
        private final OwnershipListener listener;
        private volatile boolean open = true;

        Watch(NodeRef self, OwnershipListener listener) {
            this.self = self;
            this.listener = listener;
        }

        @Override
        public void close() {
            open = false;
            watches.computeIfPresent(self, (ref, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
        }
    }

    Subscription add(NodeRef self, OwnershipListener listener) {
        requireNonNull(self, "self");
        requireNonNull(listener, "listener");
        var watch = new Watch(self, listener);
        synchronized (lock) {
            if (closed) {
                watch.open = false;
                return watch;
            }
            if (delivery == null) {
                delivery = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                        .name("jvpn-store-watch")
                        .daemon(true)
                        .factory());
            }
        }
        watches.compute(self, (ref, list) -> {
            var updated = list == null ? new CopyOnWriteArrayList<Watch>() : list;
            updated.add(watch);
            return updated;
        });
        return watch;
    }

    /** Tells the watchers of the displaced node at its epoch; returns at once. */
    void handover(Handover handover) {
        deliver(handover.from(), listener -> listener.onHandover(handover));
    }

    /** Tells the watchers of the new owner at its epoch; returns at once. */
    void release(Release release) {
        deliver(release.to(), listener -> listener.onRelease(release));
    }

    private void deliver(NodeRef to, Consumer<OwnershipListener> message) {
        var targets = watches.get(to);
        if (targets == null || targets.isEmpty()) {
            return;
        }
        ExecutorService executor;
        synchronized (lock) {
            executor = delivery;
        }
        if (executor == null) {
            return;
        }
        try {
            executor.execute(() -> {
                for (var watch : targets) {
                    if (!watch.open) {
                        continue;
                    }
                    try {
                        message.accept(watch.listener);
                    } catch (RuntimeException e) {
                        log.log(System.Logger.Level.WARNING, "an ownership listener of " + to + " failed: " + e, e);
                    }
                }
            });
        } catch (RejectedExecutionException closedMeanwhile) {
            // The store was closed: its subscriptions are closed too.
        }
    }

    @Override
    public void close() {
        ExecutorService executor;
        synchronized (lock) {
            closed = true;
            executor = delivery;
        }
        watches.values().forEach(list -> list.forEach(watch -> watch.open = false));
        watches.clear();
        if (executor != null) {
            executor.shutdown();
        }
    }
}
