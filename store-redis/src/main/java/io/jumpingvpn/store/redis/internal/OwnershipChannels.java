package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.OwnershipListener;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.Subscription;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prompt, best-effort ownership news over Redis pub/sub: the commit scripts PUBLISH every queued hand-over on
 * {@code <prefix>:handover:<node>}, {@link #announce} publishes releases on {@code <prefix>:release:<node>}
 * ({@link HandoverText}), and {@link #watch} subscribes a node to both channels of its node id, keeping the messages
 * for its epoch. PUBLISH reaches subscribers on any node of a Redis Cluster (the cluster bus forwards it) and on the
 * replicas of a primary, so one dedicated pub/sub connection to any node serves every mode.
 *
 * <p>The connection is opened by the first watch, with the store's fail-closed client options: a SUBSCRIBE sent while
 * it is down is refused, never queued. So the wanted channels are checked every second on this class's one thread:
 * Lettuce re-subscribes what was confirmed once it reconnects, and whatever is not confirmed (yet, or any more) is
 * subscribed again. Listeners are called on that same thread, one message at a time, never on a Netty thread: they
 * may call back into the store. Nothing here is needed for safety; a lost message only delays a hand-over.
 */
public final class OwnershipChannels implements AutoCloseable {

    private static final long TICK_MS = 1_000;

    private final String prefix;
    private final RedisBackend backend;
    private final RateLimitedLog log;
    private final Object lock = new Object();

    /** Guarded by {@link #lock}: channel name to the watches that want it. */
    private final Map<String, List<Watch>> wanted = new HashMap<>();
    /** Channels Redis confirmed on the current connection (written from Lettuce's callbacks). */
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    /** Guarded by {@link #lock}; the thread that subscribes and delivers, started by the first watch. */
    private ScheduledExecutorService thread;
    /** Confined to {@link #thread}. */
    private StatefulRedisPubSubConnection<String, String> connection;
    /** Confined to {@link #thread}. */
    private boolean connecting;

    private volatile boolean closed;

    public OwnershipChannels(String prefix, RedisBackend backend, RateLimitedLog log) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.backend = requireNonNull(backend, "backend");
        this.log = requireNonNull(log, "log");
    }

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
            if (!open) {
                return;
            }
            open = false;
            synchronized (lock) {
                for (var channel : channelsOf(self)) {
                    var watches = wanted.get(channel);
                    if (watches != null) {
                        watches.remove(this);
                        if (watches.isEmpty()) {
                            wanted.remove(channel);
                        }
                    }
                }
            }
            schedule();
        }
    }

    public Subscription watch(NodeRef self, OwnershipListener listener) {
        requireNonNull(self, "self");
        requireNonNull(listener, "listener");
        var watch = new Watch(self, listener);
        synchronized (lock) {
            if (closed) {
                watch.open = false;
                return watch;
            }
            for (var channel : channelsOf(self)) {
                wanted.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>())
                        .add(watch);
            }
            if (thread == null) {
                thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .name("jvpn-store-watch")
                        .daemon(true)
                        .factory());
                thread.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            }
        }
        schedule();
        return watch;
    }

    /** Publishes {@code release} to its new owner's channel; committed once Redis accepted it. */
    public CompletableFuture<StoreResult<Release>> announce(Release release) {
        requireNonNull(release, "release");
        return backend.publish(
                        HandoverText.releaseChannel(prefix, release.to().node()), HandoverText.releaseMessage(release))
                .handle((receivers, error) -> {
                    if (error == null) {
                        return StoreResult.committed(release);
                    }
                    var failure = Failure.of(error);
                    if (failure.kind() == Failure.Kind.NOT_EXECUTED) {
                        return StoreResult.rejected(StoreRejectCode.STORE_UNAVAILABLE, failure.message());
                    }
                    return StoreResult.unknown(failure.message());
                });
    }

    private List<String> channelsOf(NodeRef self) {
        return List.of(
                HandoverText.handoverChannel(prefix, self.node()), HandoverText.releaseChannel(prefix, self.node()));
    }

    /** Runs a tick soon, so that a new watch does not wait for the next one. */
    private void schedule() {
        ScheduledExecutorService executor;
        synchronized (lock) {
            executor = thread;
        }
        if (executor != null) {
            try {
                executor.execute(this::tick);
            } catch (RejectedExecutionException closedMeanwhile) {
                // Closed: nothing to subscribe any more.
            }
        }
    }

    /** Opens the connection if there is none, and brings the subscribed channels in line with the wanted ones. */
    private void tick() {
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                connect();
                return;
            }
            if (!connection.isOpen()) {
                // Lettuce re-subscribes confirmed channels when it reconnects and confirms them again then.
                confirmed.clear();
                return;
            }
            Set<String> channels;
            synchronized (lock) {
                channels = Set.copyOf(wanted.keySet());
            }
            var commands = connection.async();
            for (var channel : channels) {
                if (!confirmed.contains(channel)) {
                    commands.subscribe(channel).exceptionally(error -> {
                        log.warn(
                                "subscribe",
                                "cannot subscribe to " + channel + " yet: "
                                        + Failure.of(error).message());
                        return null;
                    });
                }
            }
            for (var channel : confirmed) {
                if (!channels.contains(channel)) {
                    commands.unsubscribe(channel);
                }
            }
        } catch (RuntimeException e) {
            log.warn("watch", "ownership channels: " + e);
        }
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        backend.connectPubSub().whenComplete((opened, error) -> {
            try {
                thread.execute(() -> connected(opened, error));
            } catch (RejectedExecutionException closedMeanwhile) {
                if (opened != null) {
                    opened.closeAsync();
                }
            }
        });
    }

    private void connected(StatefulRedisPubSubConnection<String, String> opened, Throwable error) {
        connecting = false;
        if (error != null) {
            log.warn(
                    "pubsub-connect",
                    "cannot open the pub/sub connection for ownership news: "
                            + Failure.of(error).message());
            return;
        }
        if (closed) {
            opened.closeAsync();
            return;
        }
        opened.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                deliver(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                confirmed.add(channel);
            }

            @Override
            public void unsubscribed(String channel, long count) {
                confirmed.remove(channel);
            }
        });
        connection = opened;
        tick();
    }

    /** Hands a message to the watches of its channel on this class's thread (Lettuce calls from a Netty thread). */
    private void deliver(String channel, String message) {
        List<Watch> watches;
        ScheduledExecutorService executor;
        synchronized (lock) {
            watches = wanted.get(channel);
            executor = thread;
        }
        if (watches == null || executor == null) {
            return;
        }
        try {
            executor.execute(() -> dispatch(channel, message, watches));
        } catch (RejectedExecutionException closedMeanwhile) {
            // Closed: subscriptions are closed too.
        }
    }

    private void dispatch(String channel, String message, List<Watch> watches) {
        boolean handover = channel.startsWith(prefix + ":handover:");
        for (var watch : watches) {
            if (!watch.open || closed) {
                continue;
            }
            try {
                if (handover) {
                    HandoverText.handoverMessage(message, watch.self).ifPresent(watch.listener::onHandover);
                } else {
                    HandoverText.releaseMessage(message, watch.self).ifPresent(watch.listener::onRelease);
                }
            } catch (IllegalArgumentException e) {
                log.warn("watch-message", "unreadable message on " + channel + ": " + e.getMessage());
            } catch (RuntimeException e) {
                log.warn("watch-listener", "an ownership listener of " + watch.self + " failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService executor;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            executor = thread;
            wanted.values().forEach(watches -> watches.forEach(watch -> watch.open = false));
            wanted.clear();
        }
        if (executor == null) {
            return;
        }
        executor.execute(() -> {
            if (connection != null) {
                connection.closeAsync();
            }
        });
        executor.shutdown();
    }
}
