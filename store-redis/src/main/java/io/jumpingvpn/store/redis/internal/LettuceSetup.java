package io.jumpingvpn.store.redis.internal;

import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.SocketOptions.TcpUserTimeoutOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Lettuce configuration that makes the client fail closed.
 *
 * <p>What Lettuce does by default, and why each default is changed here:
 *
 * <ul>
 *   <li>While a connection is down, Lettuce buffers new commands and sends them after reconnecting (at-least-once).
 *       {@code disconnectedBehavior(REJECT_COMMANDS)} refuses them at once instead, before they reach the socket, so the
 *       store can report {@code STORE_UNAVAILABLE} knowing nothing ran.
 *   <li>Commands already written when a connection breaks are, by default, re-queued and replayed after reconnect: a
 *       reattach that timed out for the caller could then commit seconds later. With REJECT_COMMANDS, Lettuce 7 cancels
 *       the commands it drains from a broken connection ("Connection disconnected"); the one path left is the retry of
 *       a command whose socket write failed, which consults {@code ClientOptions.replayFilter} (added in Lettuce 6.6 for
 *       redis/lettuce#1310). The filter below refuses every replay and completes the filtered command at once as an
 *       unknown outcome; Lettuce itself would leave a filtered command pending until its timeout.
 *   <li>Commands have no timeout of their own unless {@link TimeoutOptions} enables one: the store uses a short fixed
 *       timeout, after which the outcome counts as unknown.
 *   <li>A dead peer is noticed through TCP keepalive and TCP_USER_TIMEOUT (the latter only with the native epoll or
 *       io_uring transports, which Lettuce picks when they are on the class path).
 * </ul>
 *
 * Auto-reconnect stays on, with a capped delay, so the store heals without replaying anything. Lettuce 7's
 * maintenance notifications (a Redis Enterprise feature: {@code CLIENT MAINT_NOTIFICATIONS}) are off: open-source
 * Redis answers them with an error on every connect.
 */
public final class LettuceSetup {

    /** Refuses every replay after reconnect and completes the command as an unknown outcome. */
    static final Predicate<RedisCommand<?, ?, ?>> NEVER_REPLAY = command -> {
        command.completeExceptionally(new Failure.FailureException(
                Failure.unknown("connection lost after the command was written; it is not replayed")));
        return true;
    };

    private LettuceSetup() {}

    public static ClientResources resources(RedisStoreOptions options) {
        return DefaultClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(10), options.reconnectDelayMax(), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    public static ClientOptions clientOptions(RedisStoreOptions options) {
        var builder = ClientOptions.builder();
        builder.replayFilter(NEVER_REPLAY);
        builder.maintNotificationsConfig(MaintNotificationsConfig.disabled());
        return builder.autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .socketOptions(socketOptions(options))
                .build();
    }

    public static ClusterClientOptions clusterClientOptions(RedisStoreOptions options) {
        var builder = ClusterClientOptions.builder();
        // The cluster builder does not override these two, so they are set before the chain narrows the type.
        builder.replayFilter(NEVER_REPLAY);
        builder.maintNotificationsConfig(MaintNotificationsConfig.disabled());
        return builder.autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .socketOptions(socketOptions(options))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build();
    }

    static SocketOptions socketOptions(RedisStoreOptions options) {
        var userTimeout = options.tcpUserTimeout();
        return SocketOptions.builder()
                .connectTimeout(options.connectTimeout())
                .tcpNoDelay(true)
                .keepAlive(KeepAliveOptions.builder()
                        .enable()
                        .idle(options.keepAliveIdle())
                        .interval(options.keepAliveInterval())
                        .count(options.keepAliveCount())
                        .build())
                .tcpUserTimeout(TcpUserTimeoutOptions.builder()
                        .enable(!userTimeout.isZero())
                        .tcpUserTimeout(userTimeout.isZero() ? Duration.ofSeconds(1) : userTimeout)
                        .build())
                .build();
    }

    /**
     * Sets the URI's own timeout (Lettuce uses it for the connection handshake) to the command timeout, and the
     * sentinels' to the connect timeout. {@code uri} must be a fresh parse owned by the caller: RedisURI is mutable.
     */
    public static RedisURI withTimeouts(RedisURI uri, RedisStoreOptions options) {
        uri.setTimeout(options.commandTimeout());
        for (var sentinel : uri.getSentinels()) {
            sentinel.setTimeout(options.connectTimeout());
        }
        return uri;
    }
}
