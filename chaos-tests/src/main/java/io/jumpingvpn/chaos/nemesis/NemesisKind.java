package io.jumpingvpn.chaos.nemesis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.cluster.RedisMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of fault a chaos run injects; the id is what {@code --nemesis} and the history call it. */
public enum NemesisKind {

    /** The node's fault proxy black-holes its Redis connections (nothing moves, nothing closes). */
    PARTITION_REDIS("partition-redis", Scope.NODE, Needs.PROXY),
    /** The node's fault proxy delays every chunk both ways (commands time out: unknown outcomes). */
    SLOW_REDIS("slow-redis", Scope.NODE, Needs.PROXY),
    /** The node's fault proxy resets every connection, new ones too. */
    RESET_REDIS("reset-redis", Scope.NODE, Needs.PROXY),
    /** The node's fault proxy forwards commands but discards the replies (commits whose outcome is unknown). */
    DROP_REDIS_REPLIES("drop-redis-replies", Scope.NODE, Needs.PROXY),
    /** iptables in the node's network namespace drops its traffic to Redis (root only). */
    IPTABLES_REDIS("iptables-redis", Scope.NODE, Needs.NAMESPACES),
    /** The node's UDP relay black-holes the agents' datagrams both ways. */
    PARTITION_AGENTS("partition-agents", Scope.NODE, Needs.NOTHING),
    /** SIGKILL of the node process, then a restart with the same node id (a new epoch). */
    KILL_NODE("kill-node", Scope.NODE, Needs.NOTHING),
    /** SIGSTOP of the node process for longer than its lease, then SIGCONT. */
    PAUSE_NODE("pause-node", Scope.NODE, Needs.NOTHING),
    /** The node's wall clock is set ahead or behind (its monotonic clock is untouched). */
    CLOCK_SKEW("clock-skew", Scope.NODE, Needs.NOTHING),
    /** SIGKILL of Redis, then a restart with its data (AOF, fsync always). */
    KILL_REDIS("kill-redis", Scope.REDIS, Needs.STANDALONE),
    /** SIGKILL of Redis, then a restart without its data (the store's incarnation is lost). */
    RESTART_REDIS_EMPTY("restart-redis-empty", Scope.REDIS, Needs.STANDALONE),
    /** A Sentinel failover of the Redis primary. */
    FAILOVER_REDIS("failover-redis", Scope.REDIS, Needs.SENTINEL);

    /**
     * Whether a fault of this kind leaves a node unable to learn that its sessions moved, or to act on it, while it may
     * still hold a lease proof: cut off from Redis or stopped. Racers move their sessions off such a node at once.
     */
    public boolean isolatesNode() {
        return this == PARTITION_REDIS || this == IPTABLES_REDIS || this == PAUSE_NODE;
    }

    /** What a fault of the kind hits. */
    public enum Scope {
        NODE,
        REDIS
    }

    /** What the kind needs from the environment. */
    enum Needs {
        NOTHING,
        PROXY,
        NAMESPACES,
        STANDALONE,
        SENTINEL
    }

    private final String id;
    private final Scope scope;
    private final Needs needs;

    NemesisKind(String id, Scope scope, Needs needs) {
        this.id = id;
        this.scope = scope;
        this.needs = needs;
    }

    public String id() {
        return id;
    }

    public Scope scope() {
        return scope;
    }

    /**
     * Why this kind cannot run here, if it cannot: {@code namespacesUnavailable} says why network namespaces cannot be
     * used (not root, …), if they cannot.
     */
    public Optional<String> unavailableReason(RedisMode redis, Optional<String> namespacesUnavailable) {
        requireNonNull(redis, "redis");
        requireNonNull(namespacesUnavailable, "namespacesUnavailable");
        return switch (needs) {
            case NOTHING -> Optional.empty();
            case PROXY ->
                redis == RedisMode.STANDALONE
                        ? Optional.empty()
                        : Optional.of("needs --redis standalone (Sentinel clients connect around a proxy)");
            case STANDALONE ->
                redis == RedisMode.STANDALONE
                        ? Optional.empty()
                        : Optional.of("needs --redis standalone (with Sentinel, failover-redis hits the primary)");
            case NAMESPACES ->
                redis != RedisMode.STANDALONE
                        ? Optional.of("needs --redis standalone (Sentinel hands out loopback addresses a namespace"
                                + " cannot reach)")
                        : namespacesUnavailable;
            case SENTINEL -> redis == RedisMode.SENTINEL ? Optional.empty() : Optional.of("needs --redis sentinel");
        };
    }

    /**
     * Parses {@code --nemesis}: {@code all}, or kinds separated by commas. Unknown or repeated names fail with one line
     * listing the kinds.
     */
    public static List<NemesisKind> parseList(String text) {
        requireNonNull(text, "text");
        if (text.strip().equals("all")) {
            return List.of(values());
        }
        var kinds = new LinkedHashSet<NemesisKind>();
        for (var part : text.split(",")) {
            var name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            var kind = Arrays.stream(values())
                    .filter(k -> k.id.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "nemesis '" + name + "' is unknown; use all or some of " + known()));
            if (!kinds.add(kind)) {
                throw new IllegalArgumentException("nemesis '" + name + "' is listed twice");
            }
        }
        return new ArrayList<>(kinds);
    }

    /** Every kind's id, comma-separated. */
    public static String known() {
        return Arrays.stream(values()).map(NemesisKind::id).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return id;
    }
}
