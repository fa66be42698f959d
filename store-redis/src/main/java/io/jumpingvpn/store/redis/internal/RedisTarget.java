package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the store's Redis is and in which mode, parsed from the connection URI. The scheme chooses the mode:
 * {@code redis://} and {@code rediss://} a standalone server, {@code redis-sentinel://h:p[,h:p]#master} (Lettuce's own
 * syntax) a primary with replicas watched by Sentinel, and {@code redis-cluster://h:p[,h:p...]} (ours; also
 * {@code rediss-cluster://}) a Redis Cluster reached through any of the listed seed nodes.
 */
public sealed interface RedisTarget {

    /** The URI as given with any password masked, for messages. */
    String display();

    record Standalone(RedisURI uri, String display) implements RedisTarget {
        public Standalone {
            requireNonNull(uri, "uri");
            requireNonNull(display, "display");
        }
    }

    record Sentinel(RedisURI uri, String display) implements RedisTarget {
        public Sentinel {
            requireNonNull(uri, "uri");
            requireNonNull(display, "display");
        }
    }

    record Cluster(List<RedisURI> seeds, String display) implements RedisTarget {
        public Cluster {
            seeds = List.copyOf(requireNonNull(seeds, "seeds"));
            requireNonNull(display, "display");
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one seed node");
            }
        }
    }

    /**
     * Parses {@code text}; a bad URI fails with an {@link IllegalArgumentException} whose message is one line naming
     * the URI (password masked) and what is wrong with it.
     */
    static RedisTarget parse(String text) {
        requireNonNull(text, "uri");
        var display = mask(text.strip());
        var trimmed = text.strip();
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd <= 0) {
            throw bad(display, "it has no scheme; use redis://, rediss://, redis-sentinel:// or redis-cluster://");
        }
        var scheme = trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        var rest = trimmed.substring(schemeEnd + 3);
        return switch (scheme) {
            case "redis", "rediss" -> new Standalone(lettuce(trimmed, display), display);
            case "redis-sentinel", "rediss-sentinel" -> sentinel(trimmed, display);
            case "redis-cluster" -> cluster("redis", rest, display);
            case "rediss-cluster" -> cluster("rediss", rest, display);
            default ->
                throw bad(
                        display,
                        "unsupported scheme '" + scheme
                                + "'; use redis://, rediss://, redis-sentinel:// or redis-cluster://");
        };
    }

    private static Sentinel sentinel(String text, String display) {
        if (!text.contains("#") || text.endsWith("#")) {
            throw bad(display, "a sentinel URI names its primary after '#', e.g. redis-sentinel://h:26379#mymaster");
        }
        var uri = lettuce(text, display);
        if (uri.getSentinels().isEmpty()) {
            throw bad(display, "a sentinel URI needs at least one sentinel host:port");
        }
        var master = uri.getSentinelMasterId();
        if (master == null || master.isBlank()) {
            throw bad(display, "a sentinel URI names its primary after '#', e.g. redis-sentinel://h:26379#mymaster");
        }
        return new Sentinel(uri, display);
    }

    private static Cluster cluster(String scheme, String rest, String display) {
        int at = rest.lastIndexOf('@');
        var userInfo = at >= 0 ? rest.substring(0, at + 1) : "";
        var afterUser = at >= 0 ? rest.substring(at + 1) : rest;
        int query = indexOfAny(afterUser, "?/");
        var hosts = query >= 0 ? afterUser.substring(0, query) : afterUser;
        var suffix = query >= 0 ? afterUser.substring(query) : "";
        var path = suffix.startsWith("/") ? suffix.substring(0, Math.max(suffix.indexOf('?'), 0)) : "";
        if (suffix.startsWith("/") && suffix.indexOf('?') < 0) {
            path = suffix;
        }
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
            throw bad(display, "Redis Cluster has only database 0");
        }
        if (hosts.isBlank()) {
            throw bad(display, "it names no host:port");
        }
        var seeds = new ArrayList<RedisURI>();
        for (var hostPort : hosts.split(",", -1)) {
            if (hostPort.isBlank()) {
                throw bad(display, "it has an empty entry in its host list");
            }
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw bad(display, "'" + hostPort + "' is not host:port");
            }
            seeds.add(lettuce(scheme + "://" + userInfo + hostPort + suffix, display));
        }
        return new Cluster(seeds, display);
    }

    private static RedisURI lettuce(String text, String display) {
        try {
            var uri = RedisURI.create(text);
            if (uri.getSentinels().isEmpty()
                    && (uri.getHost() == null || uri.getHost().isBlank())) {
                throw bad(display, "it names no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("redis uri ")) {
                throw e;
            }
            throw bad(display, String.valueOf(e.getMessage()));
        }
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException bad(String display, String why) {
        return new IllegalArgumentException("redis uri '" + display + "' is invalid: " + why);
    }

    /** Replaces the password of {@code user:password@} (or {@code password@}) by {@code ***}. */
    static String mask(String text) {
        int schemeEnd = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd) {
            return text;
        }
        var userInfo = text.substring(schemeEnd + 3, at);
        int colon = userInfo.indexOf(':');
        var user = colon >= 0 ? userInfo.substring(0, colon) + ":" : "";
        return text.substring(0, schemeEnd + 3) + user + "***" + text.substring(at);
    }
}
